// Azurite's blob service in a child of the emulator, ended with it: when the parent goes (even
// killed), the IPC channel closes and this process exits instead of holding its port.
import { createRequire } from 'node:module';

process.on('disconnect', () => process.exit(0));
createRequire(import.meta.url)('azurite/dist/src/blob/main.js');
