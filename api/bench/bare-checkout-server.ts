// The checkout benchmark's second baseline: the thinnest Node service in front of the checkout SQL. A bare
// node:http server with a pg pool of DB_POOL_MAX connections that reads the JSON body and sends the API's own
// statement (SELECT … FROM place_order(…), named, so each connection prepares it once) with the body's
// product, answering 201 with the order JSON. No validation, no middleware, no metrics: what one HTTP hop in
// Node costs on top of pgbench, so the API's own overhead can be told apart from the hop's.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX),
});
const sql = `SELECT r->>'outcome' AS outcome, (r->'order')::text AS "order"
       FROM place_order($1, $2, $3, $4, $5, $6::int[], $7::int[], $8::uuid) AS r`;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const line = body.items[0];
    pool
      .query({
        name: 'place_order',
        text: sql,
        values: [
          req.headers['idempotency-key'],
          'bare',
          body.customer.name,
          '+8801712345678',
          body.customer.address,
          [line.productId],
          [line.quantity],
          null,
        ],
      })
      .then(
        (result) => {
          res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
          res.end(result.rows[0].order);
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(error.message);
        },
      );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
