import { hello } from '@hyperposition/hypervector';
export const hello2 = (): number => hello() + 1;
