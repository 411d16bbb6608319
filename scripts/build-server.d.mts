// Types of scripts/build-server.mjs for the TypeScript that imports it (tests).
export interface BuildMetafile {
  inputs: Record<string, { bytes: number }>;
  outputs: Record<
    string,
    {
      bytes: number;
      inputs: Record<string, { bytesInOutput: number }>;
      imports: { path: string; kind: string; external?: boolean }[];
    }
  >;
}
export const SERVER_DIST: string;
export function serverBuildIsFresh(): boolean;
export function buildServer(opts?: { outdir?: string; quiet?: boolean }): Promise<BuildMetafile>;
export function ensureServerBuild(): Promise<string>;
