#include "entente/pipeline.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "pipeline/text_rules.h"

namespace entente {

struct Pipeline::Impl {
  PipelineOptions options;
  std::shared_ptr<const Lexicon> lexicon;
  Segmenter segmenter;
  TimeTagger tagger;
  ActorMatcher matcher;
  EventCoder coder;
};

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pipeline::~Pipeline() = default;
Pipeline::Pipeline(Pipeline&&) noexcept = default;
Pipeline& Pipeline::operator=(Pipeline&&) noexcept = default;

Result<Pipeline> Pipeline::create(const PipelineOptions& options) {
  auto lexicon = Lexicon::load(options.lexicon);
  if (!lexicon) return lexicon.error();
  const Lexicon& lex = *lexicon.value();
  auto rules = load_segmenter_rules(lex);
  if (!rules) return rules.error();
  auto tagger = TimeTagger::create(lex, options.temporal);
  if (!tagger) return tagger.error();
  auto matcher = ActorMatcher::create(lex, options.match);
  if (!matcher) return matcher.error();
  auto coder = EventCoder::create(lex, options.code);
  if (!coder) return coder.error();
  auto impl = std::unique_ptr<Impl>(
      new Impl{options, lexicon.value(), Segmenter(std::move(rules.value()), options.segmenter),
               std::move(tagger.value()), std::move(matcher.value()), std::move(coder.value())});
  return Pipeline(std::move(impl));
}

const Lexicon& Pipeline::lexicon() const { return *impl_->lexicon; }
const ActorMatcher& Pipeline::actors() const { return impl_->matcher; }
const EventCoder& Pipeline::coder() const { return impl_->coder; }

Result<StoryResult> Pipeline::process(Document doc) const {
  if (!doc.dct) {
    if (auto d = impl_->tagger.dateline_date(doc, impl_->options.default_dct)) {
      doc.dct = d;
      doc.dct_origin = "dateline";
    } else if (impl_->options.default_dct) {
      doc.dct = impl_->options.default_dct;
      doc.dct_origin = "option";
    }
  }
  const std::string& where = doc.origin.empty() ? doc.id : doc.origin;
  if (auto bad = find_invalid_utf8(doc.text)) {
    return make_error(Errc::InvalidInput, "invalid UTF-8 at byte offset " + std::to_string(*bad),
                      where);
  }
  auto seg = impl_->segmenter.segment(doc);
  if (!seg) return seg.error();
  auto times = impl_->tagger.tag(doc, seg.value());
  if (!times) return times.error();
  auto actors = impl_->matcher.match(doc, seg.value());
  if (!actors) return actors.error();
  auto coded = impl_->coder.code(doc, seg.value(), times.value(), actors.value());
  if (!coded) return coded.error();
  StoryResult out;
  out.doc = std::move(doc);
  out.segmentation = std::move(seg.value());
  out.times = std::move(times.value());
  out.actors = std::move(actors.value());
  out.coded = std::move(coded.value());
  return out;
}

void Pipeline::process_all(std::vector<Document>&& docs, size_t threads,
                           const std::function<void(Result<StoryResult>&&)>& sink) const {
  const size_t n = docs.size();
  if (threads <= 1 || n <= 1) {
    for (auto& d : docs) sink(process(std::move(d)));
    return;
  }
  // Stories are taken by index by `threads - 1` workers and by the calling thread, which also
  // hands the results to the sink in input order as soon as each is ready: writing overlaps
  // with coding and no thread waits while work is left.
  std::vector<std::optional<Result<StoryResult>>> results(n);
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::condition_variable ready;
  auto take_one = [&]() -> bool {
    const size_t i = next.fetch_add(1);
    if (i >= n) return false;
    Result<StoryResult> r = process(std::move(docs[i]));
    {
      std::lock_guard<std::mutex> lock(mutex);
      results[i].emplace(std::move(r));
    }
    ready.notify_all();
    return true;
  };
  // Joins the workers however this function is left (the sink may throw).
  struct Pool {
    std::vector<std::thread> list;
    ~Pool() {
      for (auto& th : list) th.join();
    }
  } workers;
  auto& pool = workers.list;
  const size_t count = std::min(threads, n) - 1;
  pool.reserve(count);
  for (size_t t = 0; t < count; ++t) {
    pool.emplace_back([&] {
      while (take_one()) {
      }
    });
  }
  for (size_t i = 0; i < n; ++i) {
    std::optional<Result<StoryResult>> r;
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mutex);
        if (results[i] || next.load() >= n) {
          ready.wait(lock, [&] { return results[i].has_value(); });
          r = std::move(results[i]);
          results[i].reset();
          break;
        }
      }
      take_one();  // story i is still being coded: code another one meanwhile
    }
    sink(std::move(*r));
  }
}

std::vector<Error> validate_data(const LexiconOptions& options) {
  std::vector<Error> problems;
  auto lex = Lexicon::load_all(options, problems);
  if (!lex) return problems;
  if (auto r = load_segmenter_rules(*lex); !r) problems.push_back(r.error());
  if (auto r = load_column_names(*lex); !r) problems.push_back(r.error());
  if (auto r = load_page_rules(*lex); !r) problems.push_back(r.error());
  if (auto r = TimeTagger::create(*lex, {}); !r) problems.push_back(r.error());
  if (auto r = ActorMatcher::create(*lex, {}); !r) problems.push_back(r.error());
  if (auto r = EventCoder::create(*lex, {}); !r) problems.push_back(r.error());
  return problems;
}

}  // namespace entente
