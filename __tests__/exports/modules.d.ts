/** ajv-formats-draft2019 ships no types: it adds the IRI and IDN formats to an ajv instance. */
declare module 'ajv-formats-draft2019' {
  const addFormats: (ajv: unknown) => unknown;
  export default addFormats;
}
