#!/usr/bin/env node
// Runs the TypeScript sources directly through Node's type stripping (Node.js 24).
await import('../src/main.ts');
