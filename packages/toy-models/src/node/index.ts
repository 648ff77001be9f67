export { writeFileAtomic } from './writeFileAtomic.js';
export { saveRun, loadRun, saveCheckpoint, loadCheckpoint } from './runFiles.js';
