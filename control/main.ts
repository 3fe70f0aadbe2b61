import './components/ctl-app.js';
