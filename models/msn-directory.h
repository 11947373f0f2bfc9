// The MSN provider's back end shared by its notification and switchboard servers (paper 004's
// steps 5-9): who is online (and how to push a command down their notification session), the
// switchboard invitations (cookie -> session) and the switchboard sessions' members. In the real
// service these live in a database behind the server farm; here one object on no node.
#pragma once

#include "ns3/object.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3 {

class MsnDirectory : public Object
{
  public:
    static TypeId GetTypeId();

    using Push = std::function<void(const std::vector<uint8_t>&)>;

    void SetOnline(const std::string& account, Push push) { m_online[account] = std::move(push); }
    void SetOffline(const std::string& account) { m_online.erase(account); }
    /// Pushes `bytes` down the account's notification session; false when it is offline.
    bool PushTo(const std::string& account, const std::vector<uint8_t>& bytes) const;

    /// A new switchboard session: its id.
    uint32_t NewSession() { return ++m_lastSession; }
    /// An authentication cookie for `account` into `session` (0 = a session of its own).
    std::string NewCookie(const std::string& account, uint32_t session);
    /// The session the cookie opens for `account`, consuming it; none if it is not valid.
    std::optional<uint32_t> UseCookie(const std::string& account, const std::string& cookie);

    void Join(uint32_t session, const std::string& account, Push push) { m_sessions[session][account] = std::move(push); }
    void Leave(uint32_t session, const std::string& account);
    /// Sends `bytes` to every member of `session` but `from`; returns how many received it.
    std::size_t Relay(uint32_t session, const std::string& from, const std::vector<uint8_t>& bytes) const;

  private:
    std::map<std::string, Push> m_online;
    std::map<std::string, std::pair<std::string, uint32_t>> m_cookies;  // cookie -> (account, session)
    std::map<uint32_t, std::map<std::string, Push>> m_sessions;
    uint32_t m_lastSession = 11752000;
    uint64_t m_lastCookie = 17262740;
};

} // namespace ns3
