export * from './weights.ts';
export * from './plan.ts';
export * from './judge.ts';
export * from './marker.ts';
export * from './ports.ts';
export * from './executor.ts';
export * from './clock.ts';
