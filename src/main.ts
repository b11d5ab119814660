// Entry point: opens the case named in ?case= or the bundled one. This chunk is small on purpose:
// it starts fetching the case at once, while the viewer's code (Cornerstone, the app) downloads.
import { preloadCase } from './case/opening';

const params = new URLSearchParams(location.search);
const caseUrl = params.get('case') ?? 'studies/tumoral-calcinosis/manifest.json';
preloadCase(caseUrl);

const [{ chooseRenderer }] = await Promise.all([import('./imaging/cornerstone'), import('./components/rc-app')]);
// ?renderer=gpu or ?renderer=cpu overrides the automatic choice (see imaging/cornerstone.ts).
const renderer = params.get('renderer');
if (renderer === 'gpu' || renderer === 'cpu') chooseRenderer(renderer);

const app = document.createElement('rc-app');
app.caseUrl = caseUrl;
app.deepLinks = true;
document.body.append(app);
