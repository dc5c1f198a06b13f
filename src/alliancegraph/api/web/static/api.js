// The page's calls to the HTTP API (/api/...). Errors come back in one shape: {"error": {status, type, message}}.

export class ApiError extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

/** GET /api/<path> with the given query parameters (null ones left out), as parsed JSON. */
export async function get(path, params = {}, { signal } = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, value);
  }
  const url = `/api/${path}${query.size ? `?${query}` : ""}`;
  const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body && body.error ? body.error : { status: response.status, type: "HTTPError", message: response.statusText };
    throw new ApiError(error.status, error.type, error.message);
  }
  return body;
}

export const api = {
  search: (q, { signal } = {}) => get("search", { q, limit: 8 }, { signal }),
  entity: (name, asOf) => get("entity", { name, as_of: asOf }),
  edge: (edge, asOf) => get("edge", { subject: edge.subject, type: edge.type, object: edge.object, as_of: asOf }),
  neighbourhood: (name, asOf) => get("neighbourhood", { name, as_of: asOf, limit: 80, max_edges: 200 }),
  changes: (since, entity, until) => get("changes", { since, entity, until }),
  conflicts: (entity) => get("conflicts", { entity }),
  stats: () => get("stats"),
};
