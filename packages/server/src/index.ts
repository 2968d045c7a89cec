// The open-platform server: filled in by issue 15.
export {};
