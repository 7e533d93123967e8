import * as path from 'path';
import { buildExampleApp } from './nvcf-platform';

// `npm run synth`: writes one YAML file per chart to dist/example/.
const outdir = path.join(__dirname, '..', 'dist', 'example');
buildExampleApp(outdir).synth();
console.log(`example app synthesized to ${path.relative(process.cwd(), outdir) || '.'}/`);
