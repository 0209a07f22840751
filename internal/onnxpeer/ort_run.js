// Runs an ONNX model with onnxruntime-node: node ort_run.js MODEL IN.json
// where IN.json is {"name": {"dims": [...], "data": [...]}, ...}; prints the
// first output's values as a JSON array. The package is looked up in the
// folder $GOZOO_ORT (where `npm install --ignore-scripts
// onnxruntime-node@1.19.2` was run).
const path = require('path');
const fs = require('fs');
const ort = require(path.join(process.env.GOZOO_ORT, 'node_modules', 'onnxruntime-node'));

async function main() {
  const [model, input] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model);
  const spec = JSON.parse(fs.readFileSync(input, 'utf8'));
  const feeds = {};
  for (const [name, t] of Object.entries(spec)) {
    feeds[name] = new ort.Tensor('float32', Float32Array.from(t.data), t.dims);
  }
  const out = await session.run(feeds);
  const first = out[session.outputNames[0]];
  process.stdout.write(JSON.stringify(Array.from(first.data)));
}
main().catch((e) => { console.error(String(e)); process.exit(1); });
