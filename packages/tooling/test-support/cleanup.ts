// Runs after every test in every project: close whatever the test opened.
import { closeAll } from './pair';

afterEach(() => closeAll());
