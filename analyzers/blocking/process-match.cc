#include "analyzers/blocking/process-match.h"

namespace ntlab {

std::optional<std::string> MatchProcess(const ProcessMatcher& matcher, const SessionOwner& owner) {
  if (matcher.image_names.count(LowerAscii(owner.image_name))) return "image " + owner.image_name;
  if (!owner.identity) return std::nullopt;
  if (!owner.identity->window_class.empty() && matcher.window_classes.count(owner.identity->window_class))
    return "window class " + owner.identity->window_class;
  if (!owner.identity->control_text.empty() && matcher.control_texts.count(owner.identity->control_text))
    return "control text " + owner.identity->control_text;
  return std::nullopt;
}

std::string DescribeOwner(const SessionOwner& owner) {
  std::string text = owner.image_name + " (" + owner.known_from;
  if (owner.identity && !owner.identity->window_class.empty()) text += ", class " + owner.identity->window_class;
  return text + ")";
}

}  // namespace ntlab
