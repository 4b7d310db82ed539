// Container HEALTHCHECK: exits 0 only when GET /health/live answers 200 within 3 s.
// Plain node (no curl/wget in the runtime image keeps its attack surface small).
'use strict';
const http = require('node:http');

const port = Number(process.env.HTTP_PORT || 8080);
const request = http.get({ host: '127.0.0.1', port, path: '/health/live', timeout: 3000 }, (response) => {
  response.resume();
  process.exit(response.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('timeout')));
request.on('error', () => process.exit(1));
