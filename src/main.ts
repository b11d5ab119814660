// Entry point: the viewer opens the case named in ?case= or the bundled one.
import './components/rc-app';

const params = new URLSearchParams(location.search);
const app = document.createElement('rc-app');
app.caseUrl = params.get('case') ?? 'studies/tumoral-calcinosis/manifest.json';
document.body.append(app);
