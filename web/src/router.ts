import { useEffect, useState } from "react";

// Hash routing ("#/users/12?x=1"): works from any server path without a fallback.

export interface Location {
  path: string;
  query: URLSearchParams;
}

function parse(hash: string): Location {
  const raw = hash.replace(/^#/, "") || "/users";
  const [path = "/users", search = ""] = raw.split("?", 2) as [string?, string?];
  return { path: path.startsWith("/") ? path : `/${path}`, query: new URLSearchParams(search) };
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const onChange = () => setLoc(parse(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return loc;
}

export function href(path: string, query?: Record<string, string | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v != null && v !== "") q.set(k, v);
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ""}`;
}

export function navigate(path: string, query?: Record<string, string | undefined | null>): void {
  window.location.hash = href(path, query);
}

/** Changes the query of the current entry without adding to history (e.g. search text). */
export function replaceQuery(path: string, query: Record<string, string | undefined | null>): void {
  const url = `${window.location.pathname}${window.location.search}${href(path, query)}`;
  window.history.replaceState(window.history.state, "", url);
}

export function userHref(id: string): string {
  return href(`/users/${encodeURIComponent(id)}`);
}
