/**
 * Byte ceilings of every preview listener, in one place. The preview shares its process with
 * dynalite and task-web under `npm start`, so what a client can make it hold must be bounded.
 */

/**
 * One OTLP/HTTP body, as sent and once gzip/deflate-decoded: 4 MiB, the same as the gRPC
 * port's message limit (the collector's default `max_recv_msg_size_mib`), so both transports
 * take the same batches. A full 512-span batch of typical spans is well under 1 MiB; the old
 * 32 MiB let a few concurrent requests hold hundreds of MiB.
 */
export const OTLP_HTTP_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** One OTLP gRPC message (the collector's default `max_recv_msg_size_mib`: 4). */
export const OTLP_GRPC_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * Concurrent OTLP gRPC calls per connection (HTTP/2 streams). grpc-js buffers each message
 * before the handler runs, so this bounds what one connection can make the preview hold.
 */
export const OTLP_GRPC_MAX_CONCURRENT_STREAMS = 8;

/**
 * How long one request body may take to arrive once it holds a slot. A client trickling a byte a
 * second would otherwise keep its slot until Node's 5-minute request timeout, and eight such
 * clients would lock every other exporter (and the UI's queries) out. OTLP exporters give up on
 * an export after 10 s (OTEL_EXPORTER_OTLP_TIMEOUT), so a body still arriving then is lost anyway.
 */
export const BODY_READ_TIMEOUT_MS = 10_000;

/**
 * Export calls the gRPC port receives or handles at once, over all connections. grpc-js holds
 * each call's whole message before the handler runs, and the per-connection stream limit does
 * not bound how many connections a client opens (128 connections of 4 calls held about 770 MB);
 * further calls get UNAVAILABLE as soon as their headers arrive, before their message is read.
 */
export const OTLP_GRPC_MAX_CALLS_IN_FLIGHT = 16;

/** One query API request (X-Ray JSON requests are a few hundred bytes). */
export const QUERY_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Request bodies read at once across the OTLP/HTTP and query ports; more get 503 with
 * Retry-After at once, without their body being read. With the ceilings above, bodies in
 * flight hold at most 8 × 4 MiB raw plus as much decoded.
 */
export const MAX_BODIES_IN_FLIGHT = 8;

/**
 * Arrays and maps nested inside one attribute value. OTel SDKs send flat values (at most an
 * array of scalars), but the decoders and the translator walk a value recursively, so a value
 * nested thousands deep would exhaust the stack; such a request is refused whole, with a 400.
 */
export const MAX_VALUE_DEPTH = 100;

/** Longest piece of client input an error message quotes back. */
export const MAX_ECHO_CHARS = 64;
