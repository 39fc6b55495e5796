/** Builds the terminal socket URL for `host` of session `sessionId`, matching the page's scheme. */
export function terminalSocketUrl(location: Location, sessionId: string, host: string, token: string): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const query = new URLSearchParams({ host, token });
  return `${scheme}//${location.host}/api/sessions/${encodeURIComponent(sessionId)}/terminal?${query}`;
}
