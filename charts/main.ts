import { App } from 'cdk8s';

// Placeholder entry point; charts are composed here.
const app = new App();
app.synth();
