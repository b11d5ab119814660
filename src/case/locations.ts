// Where a case's annotation sets live, relative to its manifest (studies/<case>/manifest.json):
// the static files under annotations/ and the server's API, both at the app's root.

/** `annotations/<caseId>/expert.json` beside the case's `studies/` folder. */
export const expertSetUrl = (manifestUrl: string, caseId: string) =>
  new URL(`../../annotations/${caseId}/expert.json`, new URL(manifestUrl, location.href)).href;

/** The annotation API's address for one set of a case (server/README.md). */
export const teachingSetUrl = (manifestUrl: string, caseId: string, set = 'expert') =>
  new URL(`../../api/cases/${encodeURIComponent(caseId)}/annotations/${encodeURIComponent(set)}`, new URL(manifestUrl, location.href)).href;
