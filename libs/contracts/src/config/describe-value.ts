/**
 * How config and env error messages show an offending value: strings quoted, lists and
 * mappings named rather than dumped (they may be large), and the password of a URL
 * masked, because these messages end up in logs.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(maskUrlPassword(value));
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

// Textual, not through URL, so the value is shown exactly as written.
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@/\s]*@/i;

function maskUrlPassword(text: string): string {
  return text.replace(URL_PASSWORD, '$1***@');
}
