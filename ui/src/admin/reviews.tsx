import type { AdminReview } from "../lib/api-types.ts";
import { ErrorNote, Loading } from "../lib/components.tsx";
import { useAction, useLoad } from "../lib/hooks.ts";
import { admin } from "./store.ts";

/** A product's reviews as an admin sees them, hidden ones included; hiding takes one out of every page and the rating. */
export function ProductReviewsAdmin({ sku }: { sku: string }) {
  const reviews = useLoad(
    (signal) =>
      admin.get<{ items: AdminReview[]; rating: { average: number | null; count: number } }>(
        `/admin/reviews/${encodeURIComponent(sku)}`,
        signal,
      ),
    `reviews-${sku}`,
  );
  const toggle = useAction(async (id: string, hidden: boolean) => {
    await admin.request("PUT", `/admin/reviews/${encodeURIComponent(sku)}/${id}`, { body: { hidden } });
    reviews.reload();
  });
  const r = reviews.data;
  return (
    <section class="card" aria-labelledby="admin-reviews-title">
      <h2 id="admin-reviews-title">Reviews</h2>
      <ErrorNote error={reviews.error ?? toggle.error} />
      {!r ? (
        reviews.error ? null : (
          <Loading what="the reviews" />
        )
      ) : r.items.length === 0 ? (
        <p class="muted">No reviews yet.</p>
      ) : (
        <>
          <p>
            Shown: {r.rating.count}, average {r.rating.average === null ? "—" : r.rating.average.toFixed(1)}
          </p>
          <ul class="plain reviews">
            {r.items.map((review) => (
              <li key={review.id}>
                <p>
                  <strong>{review.title}</strong> · {review.rating} of 5 · {review.authorName}{" "}
                  <a href={`#/customers/${review.customerId}`}>(customer)</a>
                  {review.hidden ? <span class="muted"> · hidden</span> : null}
                </p>
                <p class="review-text">{review.text}</p>
                <button type="button" disabled={toggle.busy} onClick={() => void toggle.run(review.id, !review.hidden)}>
                  {review.hidden ? "Show again" : "Hide"}
                  <span class="sr-only"> the review “{review.title}”</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
