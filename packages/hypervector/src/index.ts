export const hello = (): number => 42;
