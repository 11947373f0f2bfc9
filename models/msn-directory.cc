#include "msn-directory.h"

namespace ns3 {

NS_OBJECT_ENSURE_REGISTERED(MsnDirectory);

TypeId MsnDirectory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MsnDirectory").SetParent<Object>().SetGroupName("Ntlab").AddConstructor<MsnDirectory>();
    return tid;
}

bool MsnDirectory::PushTo(const std::string& account, const std::vector<uint8_t>& bytes) const
{
    auto it = m_online.find(account);
    if (it == m_online.end()) return false;
    it->second(bytes);
    return true;
}

std::string MsnDirectory::NewCookie(const std::string& account, uint32_t session)
{
    m_lastCookie += 7919;  // cookies look like the real "17262740.1050826919.32308"
    std::string cookie = std::to_string(m_lastCookie) + "." + std::to_string(m_lastCookie * 61 % 2000000000) + "." +
                         std::to_string(m_lastCookie % 32768);
    m_cookies[cookie] = {account, session};
    return cookie;
}

std::optional<uint32_t> MsnDirectory::UseCookie(const std::string& account, const std::string& cookie)
{
    auto it = m_cookies.find(cookie);
    if (it == m_cookies.end() || it->second.first != account) return std::nullopt;
    uint32_t session = it->second.second;
    m_cookies.erase(it);
    return session;
}

void MsnDirectory::Leave(uint32_t session, const std::string& account)
{
    auto it = m_sessions.find(session);
    if (it == m_sessions.end()) return;
    it->second.erase(account);
    if (it->second.empty()) m_sessions.erase(it);
}

std::size_t MsnDirectory::Relay(uint32_t session, const std::string& from, const std::vector<uint8_t>& bytes) const
{
    auto it = m_sessions.find(session);
    if (it == m_sessions.end()) return 0;
    std::size_t sent = 0;
    for (const auto& [account, push] : it->second)
        if (account != from)
        {
            push(bytes);
            ++sent;
        }
    return sent;
}

} // namespace ns3
