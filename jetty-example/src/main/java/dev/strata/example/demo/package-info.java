/**
 * The demo origin and plumbing shared by both runnable examples.
 *
 * <p>It lives in {@code jetty-example} and uses only the Servlet API and Hazelcast, never Jetty:
 * {@code tomcat-example} depends on the thin {@code jetty-example} jar with every transitive
 * dependency excluded, and its fat jar keeps only this package from it. (The project's modules are
 * fixed, so there is no separate demo module; this beats keeping two copies in step.)
 *
 * <ul>
 *   <li>{@link dev.strata.example.demo.CatalogServlet}: {@code GET /api/catalog/{id}}, cacheable JSON
 *       with simulated latency</li>
 *   <li>{@link dev.strata.example.demo.MeServlet}: {@code GET /api/me}, personalised and private</li>
 *   <li>{@link dev.strata.example.demo.BigServlet}: {@code GET /api/big?bytes=N}, N deterministic bytes</li>
 *   <li>{@link dev.strata.example.demo.OriginCountServlet}: {@code GET /demo/origin-count}, outside the
 *       filter: how often each origin path ran on this node</li>
 * </ul>
 */
package dev.strata.example.demo;
