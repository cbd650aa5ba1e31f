/** "Report: <path>" when the result came from a run directory (audit() results carry their files). */
export function reportLine(result: object): string[] {
  const files = (result as { files?: { html?: unknown } }).files;
  return typeof files?.html === 'string' ? [`Report: ${files.html}`] : [];
}
