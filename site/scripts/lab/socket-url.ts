/** Builds the terminal socket URL for `host` of session `sessionId`, matching the page's scheme. */
export function terminalSocketUrl(location: Location, sessionId: string, host: string, token: string): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const query = new URLSearchParams({ host, token });
  return `${scheme}//${location.host}/api/sessions/${encodeURIComponent(sessionId)}/terminal?${query}`;
}

/** Builds the socket URL for an instructor watching `host` of a class member's lab. */
export function watchSocketUrl(location: Location, classId: string, memberId: string, host: string): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const path = `/api/classes/${encodeURIComponent(classId)}/members/${encodeURIComponent(memberId)}/terminal`;
  return `${scheme}//${location.host}${path}?${new URLSearchParams({ host })}`;
}
