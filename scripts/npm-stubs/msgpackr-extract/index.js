// Stand-in for msgpackr-extract, the optional native accelerator of msgpackr (a dependency of
// BullMQ), installed through "overrides" in package.json. The real package lists prebuilt
// binaries for every platform as optional dependencies; the npm registry this project is built
// from does not serve the darwin and win32 ones, so a lock file with them cannot be written and
// `npm ci` refuses the lock file without them. msgpackr loads the accelerator in a try/catch and
// falls back to its JavaScript decoder, which is what this stub makes it do.
throw new Error('msgpackr-extract is not installed (Corridor uses msgpackr without native acceleration)');
