import { useState } from "preact/hooks";
import type { Rating, Review } from "../lib/api-types.ts";
import { ErrorNote, Field, Loading } from "../lib/components.tsx";
import { date } from "../lib/format.ts";
import { useAction, useLoad } from "../lib/hooks.ts";
import { shop } from "./store.ts";

export type { Rating } from "../lib/api-types.ts";

/** Stars as text (screen readers hear the words); nothing for a product nobody rated yet. */
export function Stars({ rating }: { rating: Rating }) {
  if (rating.count === 0 || rating.average === null) return null;
  const full = Math.round(rating.average);
  return (
    <span class="stars">
      <span aria-hidden="true">{"★".repeat(full) + "☆".repeat(5 - full)}</span>{" "}
      <span>
        {rating.average.toFixed(1)}
        <span class="sr-only"> out of 5</span> ({rating.count} {rating.count === 1 ? "review" : "reviews"})
      </span>
    </span>
  );
}

/** A product's reviews, and for a signed-in customer their own (the shop says whether they may write one). */
export function ProductReviews({ slug }: { slug: string }) {
  const reviews = useLoad(
    (signal) => shop.get<{ items: Review[]; rating: Rating }>(`/products/${encodeURIComponent(slug)}/reviews`, signal),
    `reviews-${slug}`,
  );
  return (
    <section class="card" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      <ErrorNote error={reviews.error} />
      {!reviews.data ? (
        reviews.error ? null : (
          <Loading what="the reviews" />
        )
      ) : (
        <>
          {reviews.data.rating.count === 0 ? <p class="muted">No reviews yet.</p> : <Stars rating={reviews.data.rating} />}
          <ul class="plain reviews">
            {reviews.data.items.map((r) => (
              <li key={r.id}>
                <p>
                  <strong>{r.title}</strong> <span aria-hidden="true">{"★".repeat(r.rating)}</span>
                  <span class="sr-only">{r.rating} out of 5</span>
                </p>
                {/* Plain text, shown as text: Preact escapes it. */}
                <p class="review-text">{r.text}</p>
                <p class="muted">
                  {r.authorName}, {date(new Date(r.createdAt).toISOString())}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
      {shop.customer ? <WriteReview slug={slug} done={reviews.reload} /> : <p class="muted">Sign in to review a product you received.</p>}
    </section>
  );
}

function WriteReview({ slug, done }: { slug: string; done: () => void }) {
  const [saved, setSaved] = useState(false);
  const write = useAction(async (body: { rating: number; title: string; text: string }) => {
    setSaved(false);
    await shop.request("PUT", `/products/${encodeURIComponent(slug)}/reviews/mine`, { body });
    setSaved(true);
    done();
  });
  return (
    <form
      class="stack"
      aria-label="Your review"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget as HTMLFormElement);
        void write.run({
          rating: Number(form.get("rating")),
          title: String(form.get("title") ?? "").trim(),
          text: String(form.get("text") ?? "").trim(),
        });
      }}
    >
      <h3>Your review</h3>
      <p class="muted">For customers who received this product; writing again changes your review.</p>
      <Field label="Rating">
        <select name="rating" defaultValue="5">
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {n} of 5
            </option>
          ))}
        </select>
      </Field>
      <Field label="Title">
        <input name="title" required maxLength={120} />
      </Field>
      <Field label="Your review" hint="Plain text, up to 2000 characters">
        <textarea name="text" required maxLength={2000} rows={4} />
      </Field>
      <ErrorNote error={write.error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={write.busy}>
          Publish review
        </button>
        {saved ? (
          <span role="status" class="ok">
            Thank you: your review is published.
          </span>
        ) : null}
      </div>
    </form>
  );
}
