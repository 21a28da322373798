/** Ready-to-run examples for a hook URL, shown where the hook is created (the Fleep flow). */

const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
const pythonQuote = (s: string): string => JSON.stringify(s);

export function curlSnippet(url: string): string {
  return `curl -X POST ${shellQuote(url)} \\\n  -H 'Content-Type: application/json' \\\n  -d '{"message": "Hello from curl", "user": "curl"}'`;
}

export function curlFormSnippet(url: string): string {
  return `curl -X POST ${shellQuote(url)} -d 'message=Testing%0AWith%0ACurl'`;
}

export function pythonSnippet(url: string): string {
  return `import requests\n\nrequests.post(\n    ${pythonQuote(url)},\n    json={"message": "Hello from Python", "user": "Python"},\n)`;
}
