// The district page's only script: bring a figure's row and its marked sentence into view (no inline script: CSP).
export function reveal(rowId) {
    const row = rowId ? document.getElementById(rowId) : null;
    if (row) {
        row.scrollIntoView({ block: "center" });
    }
    const mark = document.getElementById("report-highlight");
    const body = document.getElementById("report-body");
    if (mark && body) {
        // Scroll the report's own box, not the window, so the row stays where it is.
        body.scrollTop = Math.max(0, mark.offsetTop - body.clientHeight / 3);
        mark.focus({ preventScroll: true });
    }
}
