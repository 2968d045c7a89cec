// The types of packing.cjs (the workspace packages as npm packs them).

export interface Workspace {
  /** Relative to the repository, as in the workspace list: packages/guest. */
  dir: string;
  pkg: Record<string, any>;
}

export declare const root: string;
export declare function workspacePackages(): Workspace[];
/** Every file an export map (or a nested condition object) points at. */
export declare function targets(value: unknown): string[];
/** The entry points of a package: main, module, types and every target of its exports map. */
export declare function entryPoints(pkg: Record<string, any>): string[];
/** Whether a package's build is fresh: every entry point newer than the sources, manifests and build script. */
export declare function isBuilt(w: Workspace, all?: Workspace[]): boolean;
/** The caller's environment without npm's script variables of this repository. */
export declare function childEnv(): NodeJS.ProcessEnv;
/** Runs a command to its end (at most 90 s) in childEnv(): its exit status and output. */
export declare function run(command: string, args: string[], cwd: string): import('node:child_process').SpawnSyncReturns<string>;
/** run(), throwing with its output if it exits non-zero. Returns its stdout. */
export declare function mustRun(command: string, args: string[], cwd: string): string;
/** `npm pack`s the packages into `destination` (`--ignore-scripts` when every build is fresh): name → tarball. */
export declare function packWorkspaces(list: Workspace[], destination: string): { tarballs: Map<string, string>; withScripts: boolean };
/** The files of a .tgz (`package/` prefix stripped), with their contents. */
export declare function readTarball(file: string): Map<string, Buffer>;
/** Packs packages and their workspace dependencies and unpacks them into `<dir>/node_modules`; returns their names. */
export declare function unpackWithDependencies(names: string[], dir: string): string[];
