import { createServer } from 'node:http';
let count = 0;
const server = createServer((req, res) => { req.resume(); req.on('end', () => { count++; res.end('{}'); }); });
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('message', () => process.send({ count }));
