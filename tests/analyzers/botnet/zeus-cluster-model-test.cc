#include "analyzers/botnet/clustering-metrics.h"
#include "analyzers/botnet/zeus-cluster-model.h"
#include "analyzers/botnet/zeus-clustering.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <set>

using namespace ntlab;

namespace {

// Synthetic episodes drawn from docs/botnets.md's default distributions (normal response
// lengths per report, normal report counts), with a POST size that does not depend on the
// behaviour, as in the simulator's defaults.
std::vector<ZeusEpisode> SyntheticEpisodes(std::size_t perBehaviour, std::uint64_t seed) {
  struct Spec {
    const char* name;
    double resp_mean, resp_sd, req_mean, req_sd;
  };
  const Spec specs[] = {{"cookie_theft", 120, 30, 24, 4},
                        {"homepage_set", 380, 60, 8, 2},
                        {"os_shutdown", 240, 40, 3, 1}};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> post(300, 3000);
  std::vector<ZeusEpisode> out;
  for (std::size_t i = 0; i < perBehaviour; ++i) {
    for (const Spec& s : specs) {
      ZeusEpisode e;
      e.truth_behaviour = s.name;
      std::normal_distribution<double> req(s.req_mean, s.req_sd), resp(s.resp_mean, s.resp_sd);
      e.php_requests = static_cast<std::size_t>(std::max(1.0, std::round(req(rng))));
      double sum = 0, postSum = 0;
      for (std::size_t r = 0; r < e.php_requests; ++r) {
        sum += std::max(1.0, std::round(resp(rng)));
        postSum += post(rng);
      }
      e.ok_responses = e.php_requests;
      e.mean_ok_response_length = sum / double(e.php_requests);
      e.mean_post_body_length = postSum / double(e.php_requests);
      e.mean_gap_s = 60;
      out.push_back(e);
    }
  }
  return out;
}

std::vector<std::size_t> Truth(const std::vector<ZeusEpisode>& episodes) {
  std::vector<std::string> names;
  for (const auto& e : episodes) names.push_back(e.truth_behaviour);
  LabelIndex index;
  return index.Encode(names);
}

}  // namespace

TEST_CASE("k-means separates three blobs perfectly", "[analysis][botnet]") {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0, 0.3);
  const double centres[3][2] = {{0, 0}, {10, 0}, {0, 10}};
  Eigen::MatrixXd x(90, 2);
  std::vector<std::size_t> truth;
  for (int i = 0; i < 90; ++i) {
    x(i, 0) = centres[i % 3][0] + noise(rng);
    x(i, 1) = centres[i % 3][1] + noise(rng);
    truth.push_back(i % 3);
  }
  KMeansModel model = KMeansModel::Fit(x, KMeansOptions{});
  CHECK(model.K() == 3);
  CHECK(AdjustedRandIndex(truth, model.Assign(x)) == Approx(1.0));
  CHECK(ChooseKBySilhouette(x, 2, 6, KMeansOptions{}) == 3);
  CHECK(MeanSilhouette(x, truth) > 0.9);
  // Incremental: a new point joins the nearest centre and moves it by 1/(n+1) of the distance.
  std::size_t c = model.Nearest(Eigen::Vector2d(10, 0));
  Eigen::VectorXd before = model.Centers()[c];
  std::uint64_t n = model.Counts()[c];
  CHECK(n == 30);
  CHECK(model.Update(Eigen::Vector2d(10.5, 0.5)) == c);
  CHECK(model.Counts()[c] == n + 1);
  CHECK(model.Centers()[c].isApprox(before + (Eigen::Vector2d(10.5, 0.5) - before) / double(n + 1)));
}

TEST_CASE("Zeus episodes from the default distributions cluster into behaviours", "[analysis][botnet]") {
  std::vector<ZeusEpisode> episodes = SyntheticEpisodes(60, 11);
  std::vector<std::size_t> truth = Truth(episodes);
  ZeusClusterModel model = ZeusClusterModel::Fit(episodes, ZeusPaperFeatures(), KMeansOptions{});
  double ari = AdjustedRandIndex(truth, model.Assign(episodes));
  INFO("ARI with the paper's two features: " << ari);
  CHECK(ari > 0.9);

  // Adding the POST body size (independent of the behaviour by default) only adds noise; the
  // inter-report gap (constant here) adds nothing. Documented in docs/botnets.md.
  ZeusClusterModel withPost =
      ZeusClusterModel::Fit(episodes, {"response_length", "php_requests", "post_body_length"}, KMeansOptions{});
  double ariPost = AdjustedRandIndex(truth, withPost.Assign(episodes));
  INFO("ARI with post_body_length added: " << ariPost);
  CHECK(ariPost < ari);

  // Grading maps every cluster to its behaviour.
  ZeusClusteringResult r;
  r.episodes = episodes;
  r.model = model;
  r.clusters = model.Assign(episodes);
  GradeZeusClustering(r);
  REQUIRE(r.ari);
  CHECK(*r.ari == Approx(ari));
  CHECK(*r.purity > 0.95);
  CHECK(*r.accuracy > 0.95);
  CHECK(r.classes == std::vector<std::string>{"cookie_theft", "homepage_set", "os_shutdown"});
  std::set<std::string> labels;
  for (std::size_t c = 0; c < 3; ++c) labels.insert(r.model.ClusterLabel(c));
  CHECK(labels.size() == 3);

  // Save, load, and continue incrementally with new episodes: same assignments, same space.
  std::string path = fixtures::TempPath("zeus-model.json");
  r.model.Save(path);
  ZeusClusterModel loaded = ZeusClusterModel::Load(path);
  CHECK(loaded.Assign(episodes) == r.clusters);
  CHECK(loaded.ClusterLabel(0) == r.model.ClusterLabel(0));
  std::vector<ZeusEpisode> fresh = SyntheticEpisodes(20, 99);
  std::vector<std::size_t> freshTruth = Truth(fresh);
  std::vector<std::size_t> incremental;
  for (const auto& e : fresh) incremental.push_back(loaded.Update(e));
  CHECK(AdjustedRandIndex(freshTruth, incremental) > 0.9);
  std::uint64_t total = 0;
  for (auto n : loaded.KMeans().Counts()) total += n;
  CHECK(total == episodes.size() + fresh.size());

  // Outputs: CSV, SVG, model, metrics.
  std::string dir = fixtures::TempPath("zeus-out");
  WriteZeusClusteringOutputs(dir, r);
  for (const char* f : {"episodes.csv", "scatter.csv", "model.json", "metrics.json"}) {
    CHECK(std::ifstream(dir + "/" + f).good());
  }
}

TEST_CASE("ZeusClusterModel::Load rejects a broken model", "[analysis][botnet]") {
  std::string path = fixtures::TempPath("zeus-bad-model.json");
  std::ofstream(path) << R"({"format":"ntlab-zeus-kmeans-1","features":["response_length"],)"
                         R"("scale":{"center":[1,2],"sd":[1]},"clusters":[]})";
  CHECK_THROWS_AS(ZeusClusterModel::Load(path), InputError);
}
