"""Made-up content: the demo site (load_demo) and the synthetic benchmark corpus
(generate_corpus). Both build on stories' site structure; nothing imports them back."""
