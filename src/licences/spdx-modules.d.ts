/** Types for the untyped SPDX packages this folder uses. */
declare module 'spdx-expression-parse' {
  export interface SpdxLicenseNode {
    license: string;
    plus?: true;
    exception?: string;
  }
  export interface SpdxConjunctionNode {
    conjunction: 'and' | 'or';
    left: SpdxNode;
    right: SpdxNode;
  }
  export type SpdxNode = SpdxLicenseNode | SpdxConjunctionNode;
  export default function parse(source: string): SpdxNode;
}
