/**
 * A config file (or a file it names) that cannot be served: `wxbridge serve` prints the file's name
 * and the message, which names the field and what was expected, and exits 2.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
