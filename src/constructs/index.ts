export * from './adot-collector/index.js';
export * from './alb-ingress.js';
export * from './irsa-service-account.js';
export * from './json-config-map.js';
export * from './otel-env.js';
export * from './restricted-namespace.js';
export * from './validation.js';
export * from './workload/secure-workload.js';
