// @ts-check
// The page's one room (session state) and connection, set up by main.js and used by the
// render modules when they run (never at import).

/**
 * @type {{ room: import('./room.js').Room, conn: import('./connection.js').Connection, render: () => void }}
 */
export const app = /** @type {any} */ ({ room: null, conn: null, render: null });
