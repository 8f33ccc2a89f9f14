/** The mark: a route over the mountains, drawn in SVG (no image request). */
export function Logo() {
  return (
    <svg class="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill="currentColor" />
      <path d="M3 25l8-12 5 7 4-5 9 10z" fill="#fff" />
    </svg>
  );
}
