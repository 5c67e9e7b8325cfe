// The sticky header + section nav: its height goes into --chrome-h (the page's scroll-padding, so that
// whatever is scrolled to lands below it), and a nav wider than the screen shows an arrow to the rest.
import { $ } from './api.js';

export function initChrome() {
  const chrome = $('#chrome');
  const nav = $('#sections');
  const more = $('#nav-more');
  const setHeight = () => document.documentElement.style.setProperty('--chrome-h', `${Math.ceil(chrome.getBoundingClientRect().height)}px`);
  const setMore = () => {
    const hidden = nav.scrollWidth - nav.clientWidth - nav.scrollLeft;
    more.hidden = hidden <= 2;
    nav.classList.toggle('more-right', hidden > 2);
  };
  const observer = new ResizeObserver(() => { setHeight(); setMore(); });
  observer.observe(chrome);
  observer.observe(nav);
  nav.addEventListener('scroll', setMore, { passive: true });
  more.addEventListener('click', () => nav.scrollBy({ left: Math.max(120, nav.clientWidth * 0.7), behavior: 'smooth' }));
  setHeight();
  setMore();
}
