// dcmjs ships no type declarations; it is used only at the edges (fixtures, SR, the study generator).
declare module 'dcmjs' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped library boundary
  const dcmjs: any;
  export default dcmjs;
}
