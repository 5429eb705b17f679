// Runs the GraphQL-over-HTTP conformance audits of the graphql-http package
// (serverAudits) against a running accountd and exits non-zero on any failure,
// warning or notice. Usage: node audit.mjs http://127.0.0.1:8080/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint URL>');
  process.exit(2);
}
const results = await auditServer({ url });
const counts = { ok: 0, error: 0, warn: 0, notice: 0 };
for (const r of results) {
  counts[r.status]++;
  if (r.status !== 'ok') {
    let body = '';
    try {
      body = await r.response.text();
    } catch {
      // the body was read by the audit already
    }
    console.log(`${r.status.toUpperCase()} ${r.id} ${r.name}: ${r.reason}`);
    console.log(`  status ${r.response.status}, content-type ${r.response.headers.get('content-type')} ${body}`);
  }
}
console.log(`graphql-http serverAudits: ${counts.ok} ok, ${counts.error} failures, ${counts.warn} warnings, ${counts.notice} notices`);
process.exit(counts.error + counts.warn + counts.notice === 0 ? 0 : 1);
