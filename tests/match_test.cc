#include "entente/match.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "entente/lexicon.h"
#include "entente/text.h"
#include "test_skip.h"

namespace entente {
namespace {

// A small tokenizer of our own, so that these tests do not depend on the segmenter's rules:
// words keep inner dots, apostrophes and hyphens ("U.S.", "China's", "U.S.-China"); a final dot
// is split off unless the word is an abbreviation; sentences end at . ! ? and at line breaks.
bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}
bool curly_quote_at(std::string_view s, size_t i) {  // “ or ” (E2 80 9C / 9D) or ‘ (98)
  return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
         static_cast<unsigned char>(s[i + 1]) == 0x80 &&
         (static_cast<unsigned char>(s[i + 2]) == 0x9C ||
          static_cast<unsigned char>(s[i + 2]) == 0x9D ||
          static_cast<unsigned char>(s[i + 2]) == 0x98);
}
bool curly_apostrophe_at(std::string_view s, size_t i) {  // ’
  return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
         static_cast<unsigned char>(s[i + 1]) == 0x80 &&
         static_cast<unsigned char>(s[i + 2]) == 0x99;
}

Segmentation tokenize(std::string_view s) {
  static const char* const kAbbrev[] = {"Mr",  "Mrs", "Ms",  "Dr",  "Gov", "Sen",  "Rep",
                                        "St",  "Gen", "Jan", "Feb", "Aug", "Sept", "Oct",
                                        "Nov", "Dec", "Jr",  "Sr",  "No",  "Lt",   "Col"};
  Segmentation seg;
  Sentence cur;
  bool open = false;
  auto close = [&]() {
    if (open && cur.token_count > 0) {
      cur.span.end = seg.tokens.back().span.end;
      seg.sentences.push_back(cur);
    }
    open = false;
  };
  auto push = [&](size_t b, size_t e, TokenKind k, bool space) {
    if (!open) {
      cur = Sentence{};
      cur.first_token = static_cast<uint32_t>(seg.tokens.size());
      cur.span.begin = static_cast<uint32_t>(b);
      open = true;
    }
    seg.tokens.push_back(Token{Span{static_cast<uint32_t>(b), static_cast<uint32_t>(e)}, k, space});
    ++cur.token_count;
  };
  size_t i = 0;
  bool space = false;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t') {
      space = true;
      ++i;
      continue;
    }
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      space = true;  // no-break space
      i += 2;
      continue;
    }
    if (c == '\n') {
      close();
      space = true;
      ++i;
      continue;
    }
    if (curly_quote_at(s, i)) {
      push(i, i + 3, TokenKind::Punct, space);
      i += 3;
      space = false;
      continue;
    }
    if (word_byte(c) && !curly_apostrophe_at(s, i)) {
      const size_t b = i;
      while (i < s.size()) {
        if (curly_quote_at(s, i)) break;
        if (static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
            static_cast<unsigned char>(s[i + 1]) == 0xA0)
          break;  // no-break space
        if (curly_apostrophe_at(s, i)) {
          if (i + 3 < s.size() && word_byte(static_cast<unsigned char>(s[i + 3]))) {
            i += 3;
            continue;
          }
          break;
        }
        const auto d = static_cast<unsigned char>(s[i]);
        if (word_byte(d)) {
          ++i;
          continue;
        }
        if ((d == '.' || d == '\'' || d == '-') && i + 1 < s.size() &&
            word_byte(static_cast<unsigned char>(s[i + 1]))) {
          ++i;
          continue;
        }
        break;
      }
      size_t e = i;
      if (e < s.size() && s[e] == '.') {
        const std::string_view w = s.substr(b, e - b);
        bool keep = w.find('.') != std::string_view::npos;
        for (const char* a : kAbbrev) keep = keep || w == a;
        if (keep) {
          ++e;
          i = e;
        }
      }
      const bool digit = s[b] >= '0' && s[b] <= '9';
      push(b, e, digit ? TokenKind::Number : TokenKind::Word, space);
      space = false;
      // "U.S." at the end of a line or of the text ends the sentence.
      if (s[e - 1] == '.' && (e >= s.size() || s[e] == '\n')) close();
      continue;
    }
    push(i, i + 1, TokenKind::Punct, space);
    space = false;
    ++i;
    if (c == '.' || c == '!' || c == '?') {
      // a closing quote stays with its sentence
      while (i < s.size() &&
             (s[i] == '"' || (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
                              static_cast<unsigned char>(s[i + 2]) == 0x9D))) {
        const size_t n = s[i] == '"' ? 1 : 3;
        push(i, i + n, TokenKind::Punct, false);
        i += n;
      }
      close();
    }
  }
  close();
  return seg;
}

const Lexicon& builtin_lexicon() {
  static const std::shared_ptr<const Lexicon> lex = [] {
    auto r = Lexicon::load({});
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    return r.value();
  }();
  return *lex;
}

const ActorMatcher& builtin_matcher() {
  static const std::unique_ptr<ActorMatcher> m = [] {
    auto r = ActorMatcher::create(builtin_lexicon(), MatchOptions{});
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    return std::make_unique<ActorMatcher>(std::move(r.value()));
  }();
  return *m;
}

struct Matched {
  Document doc;
  Segmentation seg;
  std::vector<ActorMention> mentions;
  std::string text(const ActorMention& m) const { return std::string(span_text(doc, m.span)); }
  std::string dump() const {
    std::ostringstream os;
    for (const auto& m : mentions) {
      os << "[" << text(m) << " -> " << m.actor.code << " " << mention_how_name(m.how) << " g" << m.group << "] ";
    }
    return os.str();
  }
  const ActorMention* find(std::string_view surface, size_t nth = 0) const {
    for (const auto& m : mentions) {
      if (text(m) == surface && nth-- == 0) return &m;
    }
    return nullptr;
  }
  bool has_code(std::string_view code) const {
    for (const auto& m : mentions) {
      if (m.actor.code == code || m.actor.country == code) return true;
    }
    return false;
  }
};

Matched run(std::string text, std::string dct = "", const ActorMatcher* matcher = nullptr) {
  Matched out;
  out.doc.id = "test";
  out.doc.text = std::move(text);
  if (!dct.empty()) out.doc.dct = CivilDate::parse_iso(dct).value();
  out.seg = tokenize(out.doc.text);
  auto r = (matcher ? *matcher : builtin_matcher()).match(out.doc, out.seg);
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  out.mentions = std::move(r.value());
  return out;
}

// One expected mention: its exact text, its code and (when given) how it was found.
struct Want {
  const char* surface;
  const char* code;
  const char* how = "";
};

struct Row {
  const char* text;
  const char* dct;
  std::vector<Want> want;
  std::vector<const char*> absent;  // codes or countries that must not be found
};

void check_rows(const std::vector<Row>& rows) {
  for (const auto& row : rows) {
    const std::string text = row.text;
    const std::string dct = row.dct;
    CAPTURE(text);
    CAPTURE(dct);
    const Matched m = run(row.text, row.dct);
    CAPTURE(m.dump());
    for (const auto& w : row.want) {
      const std::string surface = w.surface;
      CAPTURE(surface);
      const ActorMention* got = m.find(w.surface);
      REQUIRE(got != nullptr);
      CHECK(got->actor.code == w.code);
      if (*w.how) CHECK(mention_how_name(got->how) == w.how);
    }
    for (const char* a : row.absent) {
      CAPTURE(a);
      CHECK_FALSE(m.has_code(a));
    }
  }
}

std::string fixture(std::string_view rel) {
  return std::string(ENTENTE_TEST_DATA) + "/fixtures/match/" + std::string(rel);
}

}  // namespace

TEST_SUITE("match") {
  TEST_CASE("ActorMatcher: the whole built-in lexicon loads and compiles") {
    // Its load time is measured by entente_match_bench (tests/bench), not here.
    auto lex = Lexicon::load({});
    REQUIRE_MESSAGE(lex.ok(), lex.error().to_string());
    auto m = ActorMatcher::create(*lex.value(), MatchOptions{});
    REQUIRE_MESSAGE(m.ok(), m.error().to_string());
    CHECK(lex.value()->files("actors").size() >= 3);
    CHECK(lex.value()->files("actor_words").size() == 1);
  }

  TEST_CASE("ActorMatcher: country names, variants, adjectives and case rules") {
    check_rows({
        {"China ready to improve relations with US, top official says",
         "",
         {{"China", "CHN", "lexicon"}, {"US", "USA", "lexicon"}},
         {}},
        {"The United States and the U.S.A. and America are one country.",
         "",
         {{"The United States", "USA"}, {"U.S.A.", "USA"}, {"America", "USA"}},
         {}},
        {"Let us go, said the man to us.", "", {}, {"USA"}},
        {"Turkey said it would veto the plan.", "", {{"Turkey", "TUR"}}, {}},
        {"We ate turkey and stuffing on Thursday.", "", {}, {"TUR"}},
        {"Chad and Sudan signed a border deal.", "", {{"Chad", "TCD"}, {"Sudan", "SDN"}}, {}},
        {"The striker Chad Smith scored twice.", "", {}, {"TCD"}},
        {"Jordan and Britain have agreed to hold joint exercises.",
         "",
         {{"Jordan", "JOR"}, {"Britain", "GBR"}},
         {}},
        {"Michael Jordan visited the arena on Friday.", "", {}, {"JOR"}},
        {"Chinese treatment of Filipino fishermen drew protests.",
         "",
         {{"Chinese", "CHN", "adjective"}, {"Filipino", "PHL", "adjective"}},
         {}},
        {"The Ivory Coast's Supreme Court decided the case.",
         "",
         {{"The Ivory Coast's Supreme Court", "CIVJUD", "role"}},
         {}},
        {"Papua New Guinea and Guinea-Bissau opened embassies.",
         "",
         {{"Papua New Guinea", "PNG"}, {"Guinea-Bissau", "GNB"}},
         {"GIN"}},
        {"Ships sailed into the South China Sea and the Taiwan Strait.", "", {}, {"CHN", "TWN"}},
        {"Voters in New Mexico went to the polls.", "", {}, {"MEX"}},
        {"Anti-American protests spread after pro-Russian rallies.", "", {}, {"USA", "RUS"}},
    });
  }

  TEST_CASE("ActorMatcher: Georgia the country or the US state, from the story") {
    check_rows({
        {"Georgia accused Russia of provocations in South Ossetia, officials in Tbilisi said.",
         "",
         {{"Georgia", "GEO"}, {"Russia", "RUS"}},
         {}},
        {"Georgia's governor signed the bill in Atlanta, and Republicans cheered.",
         "",
         {},
         {"GEO"}},
    });
  }

  TEST_CASE("ActorMatcher: capitals and seats of power stand for governments") {
    check_rows({
        {"Washington warned Beijing on Monday.",
         "",
         {{"Washington", "USAGOV", "metonym"}, {"Beijing", "CHNGOV", "metonym"}},
         {}},
        {"The White House and the Pentagon disagreed with the Kremlin.",
         "",
         {{"The White House", "USAGOV"}, {"the Pentagon", "USAMIL"}, {"the Kremlin", "RUSGOV"}},
         {}},
        {"Downing Street, Zhongnanhai and the Elysee issued statements.",
         "",
         {{"Downing Street", "GBRGOV"}, {"Zhongnanhai", "CHNGOV"}, {"the Elysee", "FRAGOV"}},
         {}},
        {"She spoke at a hotel in Beijing.", "", {{"Beijing", "CHNGOV", "place"}}, {}},
        {"U.S. Sen. Jane Doakes and Gen. Omar Pasha spoke.",
         "",
         {{"U.S. Sen. Jane Doakes", "USALEG", "title"}},
         {}},
        {"Talks were held in Washington on Monday.", "", {{"Washington", "USAGOV", "place"}}, {}},
        {"Airstrikes hit Sanaa International Airport in Sanaa.",
         "",
         {{"Sanaa", "YEMGOV", "place"}},
         {}},
        {"George Washington crossed the river, as Denzel Washington did in a film.",
         "",
         {},
         {"USA"}},
        {"The Washington Post reported that Iran had refused.",
         "",
         {{"The Washington Post", "USAMED"}, {"Iran", "IRN"}},
         {"USAGOV"}},
    });
  }

  TEST_CASE("ActorMatcher: a country or organisation before a role word gives the sector") {
    check_rows({
        {"A top Chinese official said talks would go on.",
         "",
         {{"Chinese official", "CHNGOV", "role"}},
         {}},
        {"Russian troops crossed the border at dawn.", "", {{"Russian troops", "RUSMIL"}}, {}},
        {"Turkish police detained dozens of students.", "", {{"Turkish police", "TURCOP"}}, {}},
        {"Israeli soldiers arrested more than 100 people.",
         "",
         {{"Israeli soldiers", "ISRMIL"}},
         {}},
        {"Afghan rebels kidnapped six advisers.", "", {{"Afghan rebels", "AFGREB"}}, {}},
        {"Chinese state media reported the visit.", "", {{"Chinese state media", "CHNMED"}}, {}},
        {"She criticized curbs on U.S. technology companies.",
         "",
         {{"U.S. technology companies", "USABUS"}},
         {}},
        {"Palestinian militants fired rockets.", "", {{"Palestinian militants", "PSEUAF"}}, {}},
        {"Ukrainian lawmakers approved the budget.", "", {{"Ukrainian lawmakers", "UKRLEG"}}, {}},
        {"Nicaragua's Sandinista government closed the paper.",
         "",
         {{"Nicaragua's Sandinista government", "NICGOV"}},
         {}},
        {"We do hope the U.S. side will work in the same direction.",
         "",
         {{"U.S. side", "USAGOV"}},
         {}},
        {"U.N. weapons inspectors returned to Iraq.",
         "",
         {{"U.N. weapons inspectors", "IGOUNO"}, {"Iraq", "IRQ"}},
         {}},
        {"The Mozambique government accepted the demands.",
         "",
         {{"Mozambique government", "MOZGOV"}},
         {}},
    });
  }

  TEST_CASE("ActorMatcher: titles with names, possessives and 'Ambassador to'") {
    check_rows({
        {"China's Minister of Commerce Wang Wentao met the delegation.",
         "2023-08-28",
         {{"China's Minister of Commerce Wang Wentao", "CHNGOV"}},
         {}},
        {"U.S. Ambassador to China Nick Burns spoke first.",
         "2023-08-28",
         {{"U.S. Ambassador to China Nick Burns", "USAGOV", "person"}},
         {"CHN"}},
        {"French Ambassador to Japan Pierre Dumoulin said so.",
         "2023-01-10",
         {{"French Ambassador to Japan Pierre Dumoulin", "FRAGOV", "title"}},
         {"JPN"}},
        {"Chinese Premier Li Qiang met Commerce Secretary Gina Raimondo.",
         "2023-08-29",
         {{"Chinese Premier Li Qiang", "CHNGOV", "person"},
          {"Commerce Secretary Gina Raimondo", "USAGOV", "person"}},
         {}},
        {"Vice Premier He Lifeng referred to talks with Treasury Secretary Janet Yellen.",
         "2023-08-29",
         {{"Vice Premier He Lifeng", "CHNGOV"}, {"Treasury Secretary Janet Yellen", "USAGOV"}},
         {}},
        {"The talks were hosted by the Foreign Minister of India.",
         "",
         {{"Foreign Minister of India", "INDGOV"}},
         {}},
        {"UN Secretary-General Antonio Guterres urged restraint.",
         "2020-05-01",
         {{"UN Secretary-General Antonio Guterres", "IGOUNO"}},
         {}},
        {"Arab League Secretary General Chadli Klibi undertook a mission.",
         "",
         {{"Arab League Secretary General Chadli Klibi", "IGOARL", "title"}},
         {}},
    });
  }

  TEST_CASE("ActorMatcher: a title makes an unknown name known for the rest of the story") {
    check_rows({
        {"Chinese Premier Zhang Sanfeng arrived on Monday. Zhang later met officials.",
         "",
         {{"Chinese Premier Zhang Sanfeng", "CHNGOV", "title"}, {"Zhang", "CHNGOV", "coref:name"}},
         {}},
        {"Brazilian Foreign Minister Joao Silveira spoke. Silveira added that talks would go on.",
         "",
         {{"Brazilian Foreign Minister Joao Silveira", "BRAGOV", "title"},
          {"Silveira", "BRAGOV", "coref:name"}},
         {}},
        // A name set off by a comma before a singular role takes the role's actor.
        {"Rebels freed Odin Sanchez, a former Colombian congressman. Sanchez thanked them.",
         "",
         {{"Odin Sanchez", "COLLEG", "title"}, {"Sanchez", "COLLEG", "coref:name"}},
         {}},
        {"Gul Rahman, a suspected militant, was freed.",
         "",
         {{"Gul Rahman", "UAF", "title"}, {"a suspected militant", "UAF", "agent"}},
         {}},
    });
    // One capitalised word opening a sentence is no name; plural roles name no one.
    const Matched m = run("Meanwhile, a Swiss court ruled. Villagers in Karu, three activists, left.");
    CAPTURE(m.dump());
    CHECK(m.find("Swiss court") != nullptr);
    CHECK(m.find("Meanwhile") == nullptr);
    CHECK(m.find("Karu") == nullptr);
  }

  TEST_CASE("ActorMatcher: a title without a country takes the sentence's country") {
    check_rows({
        {"France will send 4,000 troops to Liberia, Defence Minister Pierre Lambert said.",
         "",
         {{"Defence Minister Pierre Lambert", "FRAMIL", "title"}},
         {"LBRMIL"}},
        {"King Omar of Morocco said he would host the meeting.",
         "",
         {{"King Omar of Morocco", "MARGOV", "title"}},
         {}},
        {"Cairo's security chief warned the protesters.",
         "",
         {{"Cairo's security chief", "EGYCOP", "role"}},
         {}},
        {"President Levy Mbaso promised that Zambian farmers would be paid.",
         "",
         {{"President Levy Mbaso", "ZMBGOV", "title"}},
         {}},
        {"Israel rejected the plan, an aide to Prime Minister Ehud Barak said.",
         "",
         {{"Prime Minister Ehud Barak", "ISRGOV", "person"}},
         {}},
        {"Israeli Prime Minister Ehud Barak agreed to talks.",
         "",
         {{"Israeli Prime Minister Ehud Barak", "ISRGOV", "person"}},
         {}},
    });
  }

  TEST_CASE("ActorMatcher: an indefinite role word does not refer back") {
    check_rows({
        {"Croatia failed refugees, a human rights group said.",
         "",
         {{"human rights group", "NGO", "role"}},
         {}},
        {"Albania upgraded ties, the official CTK news agency said.",
         "",
         {{"Albania", "ALB"}},
         {"ALBGOV"}},
        {"Nepal's opposition called a general strike. A newspaper reported it.",
         "",
         {{"Nepal's opposition", "NPLOPP"}},
         {"NPLMIL", "NPLMED"}},
        {"Congolese refugees fled as Israeli helicopters fired on Northern Ireland.",
         "",
         {{"Congolese refugees", "CODREF"}, {"Israeli helicopters", "ISRMIL"}},
         {"COG", "IRL"}},
    });
  }

  TEST_CASE("ActorMatcher: groups whose names are common words match only as names") {
    check_rows({
        {"Hamas and Hezbollah fighters clashed with Islamic State militants.",
         "2015-06-01",
         {{"Hamas", "PSEREB"}, {"Hezbollah fighters", "LBNREB", "role"},
          {"Islamic State militants", "IMGISL", "role"}},
         {}},
        {"Isis fighters surrendered to Farc and the ELN.",
         "",
         {{"Isis fighters", "IMGISL"}, {"Farc", "COLREB"}, {"ELN", "COLREB"}},
         {}},
        // Common words written in lower case, or alone where a party shares them, are no group.
        {"Labour costs rose in solidarity with the base of the party; the contras said so.",
         "",
         {},
         {"GBRPTY", "POLOPP", "USARAD", "NICREB"}},
        {"The Base claimed the attack, and Solidarity trade union leaders met in Gdansk.",
         "",
         {{"The Base", "USARAD"}, {"Solidarity trade union leaders", "POLOPP"}},
         {}},
    });
  }

  TEST_CASE("ActorMatcher: agents take their country from a modifier, possessor or place") {
    check_rows({
        {"Syrian rebels and Pakistan's army fought; police in the Gaza Strip watched.",
         "",
         {{"Syrian rebels", "SYRREB", "role"},
          {"Pakistan's army", "PAKMIL", "role"},
          {"police in the Gaza Strip", "PSECOP", "role:place"}},
         {}},
        {"A court in Venezuela ruled, as officials in Kabul and a Swiss court agreed.",
         "",
         {{"court in Venezuela", "VENJUD", "role:place"},
          {"officials in Kabul", "AFGGOV", "role:place"},
          {"Swiss court", "CHEJUD", "role"}},
         {}},
        // Soldiers abroad do not belong where they are.
        {"Troops in Syria shelled the town.", "", {{"Troops", "MIL", "agent"}}, {"SYRMIL"}},
    });
  }

  TEST_CASE("ActorMatcher: agents without a country are coded by their sector alone") {
    check_rows({
        {"Gunmen killed more than 500 civilians and 18 people; rebels and a suicide bomber fled.",
         "",
         {{"Gunmen", "UAF", "agent"},
          {"more than 500 civilians", "CVL", "agent"},
          {"18 people", "CVL", "agent"},
          {"rebels", "REB", "agent"},
          {"suicide bomber", "UAF", "agent"}},
         {}},
        {"Several suspects and dozens of detainees were freed, prosecutors said.",
         "",
         {{"Several suspects", "CRM", "agent"},
          {"dozens of detainees", "CVL", "agent"},
          {"prosecutors", "JUD", "agent"}},
         {}},
        // A minister with no country anywhere in the story is still a government agent.
        {"The finance minister met the family of a man from the city council.",
         "",
         {{"finance minister", "GOV", "agent"},
          {"family", "CVL", "agent"},
          {"man", "CVL", "agent"},
          {"city council", "GOV", "agent"}},
         {}},
        // A role word used as an adjective is no agent; a past-tense verb makes it a noun.
        {"A military operation and police firing began before a court ruled.",
         "",
         {{"court", "JUD", "agent"}},
         {"MIL", "COP"}},
    });
    const Matched m = run("Rebels attacked a convoy in Mali.", "");
    const ActorMention* r = m.find("Rebels");
    REQUIRE(r != nullptr);
    CHECK(r->actor.country.empty());
    CHECK(r->context_country == "MLI");
  }

  TEST_CASE("ActorMatcher: ethnic and religious groups keep their codes, states keep theirs") {
    check_rows({
        {"Kurdish fighters and Shiite militias attacked Rohingya villagers.",
         "",
         {{"Kurdish fighters", "KURUAF", "role"},
          {"Shiite militias", "SHIUAF", "role"},
          {"Rohingya villagers", "ROHCVL", "role"}},
         {}},
        {"Iraqi Kurdistan's government and Iraqi Kurdish officials met the KRG.",
         "",
         {{"Iraqi Kurdistan's government", "IRQGOV", "role"},
          {"Iraqi Kurdish officials", "IRQGOV", "role"},
          {"KRG", "IRQGOV"}},
         {"KURGOV"}},
        {"African leaders and Western governments met the Kurds.",
         "",
         {{"African leaders", "AFRGOV", "role"},
          {"Western governments", "WSTGOV", "role"},
          {"the Kurds", "KUR"}},
         {}},
    });
  }

  TEST_CASE("ActorMatcher: companies, airlines, airports and media are never governments") {
    check_rows({
        {"Korean Air and Saudi Aramco signed a deal; Reuters and the BBC reported it.",
         "",
         {{"Korean Air", "KORBUS"}, {"Saudi Aramco", "SAUBUS"}, {"Reuters", "GBRMED"},
          {"the BBC", "GBRMED"}},
         {"KORGOV", "SAUGOV"}},
        {"A missile hit King Khalid International Airport near Riyadh, Harvard University said.",
         "",
         {{"Riyadh", "SAUGOV", "place"}, {"Harvard University", "USAEDU"}},
         {"YEM", "YEMGOV"}},
        {"Air China flew to Bank of America's offices; ICE and CBP agents waited.",
         "",
         {{"Air China", "CHNBUS"}, {"Bank of America's", "USABUS"}, {"ICE", "USACOP"},
          {"CBP", "USACOP"}},
         {"CHNGOV", "USAGOV"}},
    });
  }

  TEST_CASE("ActorMatcher: a group's code follows its role on the story date") {
    check_rows({
        {"The Taliban attacked the convoy.", "2010-05-01", {{"The Taliban", "AFGREB"}}, {}},
        {"The Taliban attacked the convoy.", "2023-05-01", {{"The Taliban", "AFGGOV"}}, {}},
        {"The Kremlin protested.", "1985-03-11", {{"The Kremlin", "USRGOV"}}, {"RUSGOV"}},
        {"The Kremlin protested.", "2005-03-11", {{"The Kremlin", "RUSGOV"}}, {"USRGOV"}},
        {"Soviet troops left Kabul.", "1989-02-15", {{"Soviet troops", "USRMIL", "role"}}, {}},
    });
  }

  TEST_CASE("ActorMatcher: places that are only places are no participants") {
    check_rows({
        {"A car bomb in Kiev killed three people.",
         "",
         {{"Kiev", "UKRGOV", "place"}, {"three people", "CVL", "agent"}},
         {"UKRMIL", "UKRCVL"}},
        {"Talks in Europe and a summit in the Middle East were held.",
         "",
         {{"Europe", "EUR", "place"}, {"the Middle East", "MEA", "place"}},
         {}},
        // A city or province inside a state is that state's location, never its government.
        {"Iraqi troops captured the mosque in Mosul, and fighting spread in Borno State.",
         "",
         {{"Iraqi troops", "IRQMIL", "role"}, {"Mosul", "IRQ", "place"},
          {"Borno State", "NGA", "place"}},
         {"IRQGOV", "NGAGOV"}},
        {"The storm left Baja California for California.",
         "",
         {{"Baja California", "MEX"}, {"California", "USA"}},
         {"MEXGOV", "USAGOV"}},
        // Before a role word it gives the role its state; a place inside a longer name is none.
        {"Mosul police and a Kansas woman met Kandahar University staff at the Mosul Dam.",
         "",
         {{"Mosul police", "IRQCOP", "role"},
          {"Kansas woman", "USACVL", "role"},
          {"Kandahar University", "AFGEDU", "role"}},
         {"AFGGOV", "IRQGOV", "USAGOV"}},
    });
    CHECK(run("Engineers inspected the Mosul Dam.", "").mentions.empty());
    const Matched m = run("Hezbollah threatened to shell Haifa.", "");
    const ActorMention* haifa = m.find("Haifa");
    REQUIRE(haifa != nullptr);
    CHECK(haifa->actor.code == "ISR");
    CHECK(haifa->actor.type == ActorType::Place);
    CHECK(haifa->how == MentionHow::Metonym);
  }

  TEST_CASE("ActorMatcher: weapons are no agents, whoever fires them is the actor") {
    check_rows({
        {"A missile hit the town as artillery, drones and rockets struck; a car bomb exploded.",
         "",
         {},
         {"MIL", "UAF"}},
        {"Russian missiles, Israeli artillery and US drones struck.",
         "",
         {{"Russian", "RUS", "adjective"}, {"Israeli", "ISR", "adjective"}, {"US", "USA"}},
         {"RUSMIL", "ISRMIL", "USAMIL"}},
        // "Bombers" are aircraft as often as people; suicide bombers are people.
        {"US B-52 bombers flew over Korea, and a suicide bomber attacked a market in Kabul.",
         "",
         {{"suicide bomber", "UAF", "agent"}, {"Kabul", "AFGGOV", "place"}},
         {"USAUAF", "USAMIL"}},
        // Crewed platforms stand for their crews.
        {"Syrian warplanes and Israeli tanks attacked.",
         "",
         {{"Syrian warplanes", "SYRMIL", "role"}, {"Israeli tanks", "ISRMIL", "role"}},
         {}},
    });
  }

  TEST_CASE("ActorMatcher: named people resolve through their roles on the story date") {
    struct DatedRow {
      const char* text;
      const char* dct;
      const char* surface;
      const char* code;
    };
    const DatedRow rows[] = {
        {"Blinken met Lavrov in Bali.", "2023-06-01", "Blinken", "USAGOV"},
        {"Blinken met Lavrov in Bali.", "2023-06-01", "Lavrov", "RUSGOV"},
        {"Blinken wrote a book.", "2010-01-01", "Blinken", "USA"},
        {"Blinken met Lavrov in Bali.", "", "Blinken", "USAGOV"},
        {"Shoigu inspected the troops.", "2020-03-01", "Shoigu", "RUSMIL"},
        {"Shoigu chaired the meeting.", "2025-03-01", "Shoigu", "RUSGOV"},
        {"Putin spoke on television.", "2010-03-01", "Putin", "RUSGOV"},
        {"Stoltenberg visited Kyiv.", "2022-05-01", "Stoltenberg", "IGONATO"},
        {"Lagarde spoke in Frankfurt.", "2021-05-01", "Lagarde", "IGOECB"},
        {"Lagarde spoke in Washington.", "2015-05-01", "Lagarde", "IGOIMF"},
        {"Prime Minister Theresa May met Macron.", "2017-06-10", "Prime Minister Theresa May",
         "GBRGOV"},
        {"Prime Minister Theresa May met Macron.", "2017-06-10", "Macron", "FRAGOV"},
        {"Prime Minister Theresa May met Macron.", "2017-05-10", "Macron", "FRA"},
        {"Prime Minister May spoke.", "2018-01-10", "Prime Minister May", "GBRGOV"},
        {"President Reagan met Gorbachev.", "1987-12-08", "President Reagan", "USAGOV"},
        {"President Reagan met Gorbachev.", "1987-12-08", "Gorbachev", "RUSGOV"},
        {"President Bush spoke.", "1990-08-08", "President Bush", "USAGOV"},
        {"Bush spoke.", "2003-03-20", "Bush", "USAGOV"},
        // One name, two roles: chairman of the Joint Chiefs, then Secretary of State.
        {"Colin Powell flew to Riyadh.", "1991-01-10", "Colin Powell", "USAMIL"},
        {"Colin Powell flew to Riyadh.", "2003-02-05", "Colin Powell", "USAGOV"},
    };
    for (const auto& row : rows) {
      CAPTURE(row.text);
      CAPTURE(row.dct);
      const Matched m = run(row.text, row.dct);
      CAPTURE(m.dump());
      const ActorMention* got = m.find(row.surface);
      REQUIRE(got != nullptr);
      CHECK(got->actor.code == row.code);
      CHECK(got->actor.type == ActorType::Person);
    }
  }

  TEST_CASE("ActorMatcher: 'May' is a person only once named, and never as a month") {
    const Matched a =
        run("Theresa May met Macron in Paris. May said Britain would leave in May.", "2017-05-10");
    CAPTURE(a.dump());
    const ActorMention* first = a.find("May");
    REQUIRE(first != nullptr);
    CHECK(first->actor.code == "GBRGOV");
    CHECK(first->how == MentionHow::CorefName);
    CHECK(a.find("May", 1) == nullptr);  // "in May" is a date
    const Matched b = run("Talks resume in May. May 5 is the deadline.", "2017-05-10");
    CAPTURE(b.dump());
    CHECK(b.mentions.empty());
  }

  TEST_CASE("ActorMatcher: 'X and Y' joins actors into one group") {
    const Matched m = run("Tensions rose between China and the U.S. this year.");
    CAPTURE(m.dump());
    const ActorMention* c = m.find("China");
    const ActorMention* u = m.find("U.S.");
    REQUIRE(c != nullptr);
    REQUIRE(u != nullptr);
    CHECK(c->group >= 0);
    CHECK(c->group == u->group);
    const Matched h = run("Senior Hungarian and Romanian officials agreed on Wednesday.");
    CAPTURE(h.dump());
    REQUIRE(h.mentions.size() == 2);
    CHECK(h.mentions[0].actor.code == "HUNGOV");
    CHECK(h.mentions[1].actor.code == "ROUGOV");
    CHECK(h.mentions[0].group == h.mentions[1].group);
    CHECK(h.mentions[0].group >= 0);
    const Matched y = run("U.S.-China talks resumed.");
    CAPTURE(y.dump());
    REQUIRE(y.mentions.size() == 2);
    CHECK(y.mentions[0].actor.code == "USA");
    CHECK(y.mentions[1].actor.code == "CHN");
    CHECK(y.mentions[0].group == y.mentions[1].group);
    const Matched n = run("China criticized Japan.");
    CAPTURE(n.dump());
    REQUIRE(n.mentions.size() == 2);
    CHECK(n.mentions[0].group == -1);
  }

  TEST_CASE("ActorMatcher: pronouns go to the last compatible actor") {
    struct PronounRow {
      const char* text;
      const char* pronoun;
      size_t nth;
      const char* code;
    };
    const PronounRow rows[] = {
        {"A top Chinese official told Commerce Secretary Gina Raimondo on Tuesday he was ready.",
         "he", 0, "CHNGOV"},
        {"Raimondo visited Beijing. She met officials there.", "She", 0, "USAGOV"},
        {"Raimondo later met with Chinese Premier Li Qiang, who said he hopes for progress.", "he",
         0, "CHNGOV"},
        {"Vice Premier He Lifeng met Raimondo. \xE2\x80\x9CWe are ready,\xE2\x80\x9D he said.",
         "he", 0, "CHNGOV"},
    };
    for (const auto& row : rows) {
      CAPTURE(row.text);
      const Matched m = run(row.text, "2023-08-29");
      CAPTURE(m.dump());
      const ActorMention* got = m.find(row.pronoun, row.nth);
      REQUIRE(got != nullptr);
      CHECK(got->actor.code == row.code);
      CHECK(got->how == MentionHow::CorefPronoun);
    }
    const Matched t = run("The U.S. and China resumed talks. They agreed to meet again.");
    CAPTURE(t.dump());
    const ActorMention* a = t.find("They");
    const ActorMention* b = t.find("They", 1);
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    CHECK(a->actor.code == "USA");
    CHECK(b->actor.code == "CHN");
    CHECK(a->group == b->group);
  }

  TEST_CASE(
      "ActorMatcher: 'He' after a named He Lifeng is the person, at a sentence start the pronoun") {
    const Matched m =
        run("Vice Premier He Lifeng met Raimondo. Raimondo told He the talks were useful. He said "
            "trade mattered.",
            "2023-08-29");
    CAPTURE(m.dump());
    const ActorMention* name = m.find("He", 0);
    REQUIRE(name != nullptr);
    CHECK(name->how == MentionHow::CorefName);
    CHECK(name->actor.code == "CHNGOV");
    const ActorMention* pron = m.find("He", 1);
    REQUIRE(pron != nullptr);
    CHECK(pron->how == MentionHow::CorefPronoun);
  }

  TEST_CASE("ActorMatcher: group phrases refer to the last two countries") {
    for (const char* phrase : {"The two countries", "Both sides", "The superpowers"}) {
      const std::string text =
          std::string("Raimondo visited China this week. ") + phrase + " agreed to keep talking.";
      CAPTURE(text);
      const Matched m = run(text, "2023-08-29");
      CAPTURE(m.dump());
      const ActorMention* a = m.find(phrase, 0);
      const ActorMention* b = m.find(phrase, 1);
      REQUIRE(a != nullptr);
      REQUIRE(b != nullptr);
      CHECK(a->how == MentionHow::CorefGroup);
      CHECK(a->group == b->group);
      CHECK(((a->actor.code == "USA" && b->actor.code == "CHN") ||
             (a->actor.code == "CHN" && b->actor.code == "USA")));
    }
  }

  TEST_CASE("ActorMatcher: 'the government' refers to the last country of the story") {
    check_rows({
        {"Mozambique held talks with the rebels. The government said they would continue.",
         "",
         {{"The government", "MOZGOV", "coref:role"}},
         {}},
        {"A court in the Ivory Coast ruled. The country's elections will go ahead.",
         "",
         {{"The country's", "CIV", "coref:role"}},
         {}},
    });
  }

  TEST_CASE("ActorMatcher: IGOs and their bodies have IGO codes") {
    check_rows({
        {"Serbia demanded a meeting of the U.N. Security Council.",
         "",
         {{"Serbia", "SRB"}, {"U.N. Security Council", "IGOUNOSC"}},
         {}},
        {"The European Union and NATO met the African Union and ASEAN.",
         "",
         {{"The European Union", "IGOEU"},
          {"NATO", "IGONATO"},
          {"the African Union", "IGOAU"},
          {"ASEAN", "IGOASEAN"}},
         {}},
        {"The IMF, the World Bank and the WTO issued forecasts.",
         "",
         {{"IMF", "IGOIMF"}, {"the World Bank", "IGOWB"}, {"WTO", "IGOWTO"}},
         {}},
        {"The G7 and the G20 met before the BRICS and SCO summits.",
         "",
         {{"G7", "IGOG7"}, {"G20", "IGOG20"}, {"BRICS", "IGOBRICS"}, {"SCO", "IGOSCO"}},
         {}},
    });
  }

  TEST_CASE("ActorMatcher: mentions carry tokens, spans, entry ids and names") {
    const Matched m = run("Russian troops entered Kyiv.");
    CAPTURE(m.dump());
    REQUIRE(m.mentions.size() >= 1);
    const ActorMention& r = m.mentions[0];
    CHECK(r.sentence == 0);
    CHECK(r.first_token == 0);
    CHECK(r.end_token == 2);
    CHECK(r.span == Span{0, 14});
    CHECK(r.actor.country == "RUS");
    CHECK(r.actor.sector == "MIL");
    CHECK(r.entry_id == "CTRY.RUS");
    CHECK_FALSE(r.actor.name.empty());
    const Matched p = run("Antony Blinken arrived.", "2023-06-01");
    REQUIRE(p.mentions.size() == 1);
    CHECK(p.mentions[0].entry_id == "PERSON.ANTONY_BLINKEN");
    CHECK(p.mentions[0].actor.name == "Antony Blinken");
    CHECK(p.mentions[0].actor.type == ActorType::Person);
  }

  TEST_CASE("ActorMatcher: coreference can be turned off") {
    auto m = ActorMatcher::create(builtin_lexicon(), MatchOptions{false});
    REQUIRE(m.ok());
    const Matched r = run("Raimondo visited China. She said the two countries would talk.",
                          "2023-08-29", &m.value());
    CAPTURE(r.dump());
    CHECK(r.find("She") == nullptr);
    CHECK(r.find("the two countries") == nullptr);
  }

  TEST_CASE("ActorMatcher: lookup reads codes and names for the command line") {
    const auto& m = builtin_matcher();
    auto usa = m.lookup("USA");
    REQUIRE_FALSE(usa.empty());
    CHECK(usa[0].code == "USA");
    CHECK(usa[0].type == ActorType::Country);
    auto gov = m.lookup("chngov");
    REQUIRE_FALSE(gov.empty());
    CHECK(gov[0].code == "CHNGOV");
    CHECK(gov[0].country == "CHN");
    CHECK(gov[0].sector == "GOV");
    auto li = m.lookup("Li Qiang");
    REQUIRE_FALSE(li.empty());
    CHECK(li[0].code == "CHNGOV");
    CHECK(li[0].type == ActorType::Person);
    auto un = m.lookup("IGOUNO");
    REQUIRE_FALSE(un.empty());
    CHECK(un[0].name == "United Nations");
    auto alias = m.lookup("the Kremlin");
    REQUIRE_FALSE(alias.empty());
    CHECK(alias[0].code == "RUSGOV");
    CHECK(m.lookup("Zzyzx Qwerty").empty());
  }

  TEST_CASE("ActorMatcher: suggest offers close names") {
    const auto& m = builtin_matcher();
    auto s = m.suggest("Chnia", 3);
    REQUIRE_FALSE(s.empty());
    CHECK(std::find(s.begin(), s.end(), "China") != s.end());
    CHECK(m.suggest("Chnia", 1).size() == 1);
    CHECK(m.suggest("qqqqqqqqqqqqqqqq", 5).empty());
  }

  TEST_CASE("ActorMatcher: a --lexicon file adds people and overrides entries") {
    LexiconOptions o;
    o.extra_files.push_back(fixture("extra/actors-extra.json"));
    auto lex = Lexicon::load(o);
    REQUIRE_MESSAGE(lex.ok(), lex.error().to_string());
    auto m = ActorMatcher::create(*lex.value(), MatchOptions{});
    REQUIRE_MESSAGE(m.ok(), m.error().to_string());
    const Matched r = run("Zorbo Quux met officials in Chad.", "2024-01-01", &m.value());
    CAPTURE(r.dump());
    const ActorMention* z = r.find("Zorbo Quux");
    REQUIRE(z != nullptr);
    CHECK(z->actor.code == "FRAGOV");
    // The override replaced Chad's aliases.
    CHECK(r.find("Chad") == nullptr);
    // The coverage counts the added person and its role; an override adds no entry.
    auto count = [](const ActorCoverage& c, std::string_view kind) {
      for (const auto& k : c.kinds) {
        if (k.kind == kind) return k.entries;
      }
      return size_t{0};
    };
    const ActorCoverage base = builtin_matcher().coverage();
    const ActorCoverage more = m.value().coverage();
    CHECK(count(more, "person") == count(base, "person") + 1);
    CHECK(count(more, "country") == count(base, "country"));
    CHECK(more.person_roles == base.person_roles + 1);
    REQUIRE_FALSE(more.decades.empty());
    CHECK(more.decades.back().decade == 2020);
    CHECK(more.decades.back().began == base.decades.back().began + 1);
  }

  TEST_CASE("ActorMatcher: coverage counts kinds, sectors and roles per decade") {
    const ActorCoverage c = builtin_matcher().coverage();
    CHECK(c.kinds.front().kind == "country");
    CHECK(c.role_words > 30);
    size_t businesses = 0;
    for (const auto& k : c.kinds) {
      for (const auto& [sector, n] : k.sectors) {
        if (k.kind == "institution" && sector == "BUS") businesses = n;
      }
    }
    CHECK(businesses >= 200);  // Korean Air and its peers
    // Decades are consecutive; people who held a role in the 1980s are counted there.
    REQUIRE(c.decades.size() >= 5);
    for (size_t i = 1; i < c.decades.size(); ++i) {
      CHECK(c.decades[i].decade == c.decades[i - 1].decade + 10);
    }
    for (const auto& d : c.decades) {
      CAPTURE(d.decade);
      CHECK(d.people <= d.roles);
      if (d.decade == 1980) CHECK(d.people >= 500);
    }
  }

  TEST_CASE("ActorMatcher: bad actor data is rejected with its JSON pointer") {
    struct BadRow {
      const char* folder;
      const char* message;
      const char* where;
    };
    const BadRow rows[] = {
        {"dup_id", "duplicate actor id \"CTRY.AAA\"", "actors.json#/entries/1/id"},
        {"bad_code", "does not start with a known country", "actors.json#/entries/1/code"},
        {"alias_clash", "alias \"Freedonia\" is claimed by", "actors.json#/entries/1/aliases/0"},
        {"bad_date", "\"2023-02-30\" is not a calendar date",
         "actors.json#/entries/1/roles/0/from"},
        {"reversed_role", "role ends before it starts", "actors.json#/entries/1/roles/0/to"},
        {"role_sectors", "role word \"guard\" is given two different sectors",
         "actors-words.json#/roles/2/singular/0"},
        {"bad_person_code", "role code \"ZZZGOV\"", "actors.json#/entries/1/roles/0/code"},
        {"stateless_clash", "no country code, got \"AAA\"", "actors.json#/entries/1/code"},
        {"bad_group_role", "role ends before it starts", "actors.json#/entries/1/roles/0/to"},
        {"place_code", "place code \"AAAGOV\" is no country code alone",
         "actors.json#/entries/1/code"},
    };
    for (const auto& row : rows) {
      CAPTURE(row.folder);
      LexiconOptions o;
      o.data_dir = fixture(std::string("bad/") + row.folder);
      auto lex = Lexicon::load(o);
      REQUIRE_MESSAGE(lex.ok(), lex.error().to_string());
      auto m = ActorMatcher::create(*lex.value(), MatchOptions{});
      REQUIRE_FALSE(m.ok());
      CAPTURE(m.error().to_string());
      CHECK(m.error().code == Errc::InvalidData);
      CHECK(m.error().message.find(row.message) != std::string::npos);
      CHECK(m.error().where.find(row.where) != std::string::npos);
    }
  }

  TEST_CASE("ActorMatcher: long stories with many references are matched to the end") {
    // That the time stays linear in the length is checked by entente_match_bench.
    std::string text;
    for (int i = 0; i < 4000; ++i) {
      text +=
          "President Abel Mbaso of Zambia met the Chinese side. He said the two countries and "
          "both sides agreed. The government said they would talk.\n";
    }
    const Matched m = run(text, "2020-01-01");
    CHECK(m.mentions.size() > 20000);
    REQUIRE_FALSE(m.mentions.empty());
    CHECK(m.mentions.back().sentence >= 11990);  // the last paragraph too
  }

  TEST_CASE("ActorMatcher: a segmentation that does not fit the document is InvalidInput") {
    Document doc;
    doc.id = "short";
    doc.text = "China";
    Segmentation seg;
    seg.tokens.push_back(Token{Span{0, 50}, TokenKind::Word, false});
    seg.sentences.push_back(Sentence{Span{0, 5}, 0, 1, false});
    auto r = builtin_matcher().match(doc, seg);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::InvalidInput);
    CHECK(r.error().message.find("token span outside") != std::string::npos);
    CHECK(r.error().where == "short");
    seg.tokens[0].span = Span{0, 5};
    seg.sentences[0].token_count = 3;
    auto s = builtin_matcher().match(doc, seg);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("sentence token range") != std::string::npos);
  }

  TEST_CASE(
      "ActorMatcher: the Raimondo story's actors resolve (shared eval file, skipped without it)") {
    const std::filesystem::path path =
        std::filesystem::path(ENTENTE_SOURCE_DIR) / "../shared/eval/stories/raimondo-beijing.txt";
    std::ifstream in(path, std::ios::binary);
    if (!in) ENTENTE_SKIP("the shared story " + path.string() + " is missing");
    std::ostringstream ss;
    ss << in.rdbuf();
    const Matched m = run(ss.str(), "2023-08-29");
    CAPTURE(m.dump());
    struct Expect {
      const char* surface;
      size_t nth;
      const char* country;
      const char* sector;
    };
    const Expect rows[] = {
        {"U.S. Commerce Secretary Gina Raimondo", 0, "USA", "GOV"},
        {"U.S. Ambassador to China Nick Burns", 0, "USA", "GOV"},
        {"China's Minister of Commerce Wang Wentao", 0, "CHN", "GOV"},
        {"Chinese official", 0, "CHN", "GOV"},
        {"Commerce Secretary Gina Raimondo", 0, "USA", "GOV"},
        {"he", 0, "CHN", "GOV"},
        {"Vice Premier He Lifeng", 0, "CHN", "GOV"},
        {"Treasury Secretary Janet Yellen", 0, "USA", "GOV"},
        {"Raimondo", 0, "USA", "GOV"},
        {"the superpowers", 0, "", ""},
        {"the two countries", 0, "", ""},
        {"She", 0, "USA", "GOV"},
        {"He", 0, "CHN", "GOV"},
        {"Chinese Premier Li Qiang", 0, "CHN", "GOV"},
        {"Washington", 0, "USA", "GOV"},
        {"U.S. side", 0, "USA", "GOV"},
        {"Li", 0, "CHN", "GOV"},
    };
    for (const auto& row : rows) {
      const std::string surface = row.surface;
      CAPTURE(surface);
      const ActorMention* got = m.find(row.surface, row.nth);
      REQUIRE(got != nullptr);
      if (*row.country) {
        CHECK(got->actor.country == row.country);
        CHECK(got->actor.sector == row.sector);
      } else {
        CHECK(got->how == MentionHow::CorefGroup);
      }
    }
  }
}

}  // namespace entente
