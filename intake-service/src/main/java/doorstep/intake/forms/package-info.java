/**
 * The printable forms (D55): the dispatch order (派工单) and the coordination order with its numbered continuation
 * pages (协调单续页) as print-ready HTML, rendered from an order's cross-service timeline (the evidence) with Qute
 * templates under {@code templates/forms/}. A printed form is a rendering of recorded events, never stored.
 */
package doorstep.intake.forms;
