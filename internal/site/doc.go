// Package site renders the public status site from the store: index.html,
// a page per incident, and Statuspage's /api/v2/ JSON documents. A Renderer
// writes them through a Writer (a folder here, S3 in AWS), and its Run
// method coalesces bursts of changes into one render.
//
// Only public data reaches the site: draft incidents and private notes are
// left out, and every text a person or tool sent is escaped by html/template.
package site
