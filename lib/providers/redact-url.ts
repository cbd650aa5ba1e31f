/**
 * A base URL as recorded in a manifest: without user name, password, query or fragment (any of
 * which may carry a token). One rule for the model's, the judge's and the translator's URL.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
