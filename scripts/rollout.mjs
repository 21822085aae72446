#!/usr/bin/env node
// `npm run rollout <service>`: asks the running `npm start` to restart the service's replicas one at
// a time, each stopped gracefully and its successor awaited until ready before the next goes (with
// FOODDELIVERY_REPLICAS=<service>=2 or more the service keeps answering throughout). Prints progress.
const [service] = process.argv.slice(2);
const port = Number(process.env.FOODDELIVERY_CONTROL_PORT ?? 8099);
if (!service || service.startsWith('-')) {
  console.error('usage: npm run rollout <service>   (gateway, app, pay, store, customer or marketing)');
  process.exit(64);
}
let response;
try {
  response = await fetch(`http://127.0.0.1:${port}/rollout/${encodeURIComponent(service)}`, { method: 'POST' });
} catch (error) {
  console.error(`[rollout] no \`npm start\` answers on 127.0.0.1:${port} (${error.cause?.code ?? error.message}); start the stack first`);
  process.exit(69);
}
if (response.status !== 200) {
  console.error(`[rollout] ${(await response.text()).trim()}`);
  process.exit(1);
}
let last = '';
for await (const chunk of response.body) {
  const text = Buffer.from(chunk).toString();
  for (const line of text.split('\n').filter(Boolean)) {
    last = line;
    if (line !== 'OK' && line !== 'FAILED') console.log(`[rollout] ${line}`);
  }
}
process.exit(last === 'OK' ? 0 : 1);
