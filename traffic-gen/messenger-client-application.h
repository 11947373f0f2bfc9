// A messenger client on a monitored host (paper 004; PROTOCOLS.md 3.1, 3.2): MSN Messenger or
// NateOn as a process with its image name, whose sockets are in the host's socket table.
//
// Login (004's steps 1-7): the dispatch server first (MSN: VER / CVR / USR TWN I -> XFR NS; NateOn:
// PVER / AUTH / REQS), then the long-lived notification (main) session with its keep-alives (MSN
// PNG -> QNG every KeepAlive; NateOn PING). When a server cannot be reached the client does what the
// real ones did: the next endpoint of its list (MSN: 1863, then 443, then the HTTP gateway on 80
// when it has one; NateOn: 5004, then 80), then a back-off (5 s doubling to 60 s) and the list
// again, and it gives up GiveUp after its first attempt if it never logged in.
//
// Chat (MSN, steps 8-11; messenger-client-chat.cc): XFR SB -> switchboard, CAL the peer (who is
// called with RNG and joins with ANS), a text message, then SmallFile bytes as MSG D chunks through
// the switchboard, and once LargeFile bytes over a direct (P2P) connection the peer offers in an
// MSNSLP 200 OK. Neither side learns the other's address except through that offer.
//
// NateOn (messenger-client-nateon.cc; chat per PROTOCOLS.md's MESG, files ntlab's invention):
// chat and small files relayed by the main (DP) server on the login session (MESG, FILE), a large
// file negotiated there (NEGO REQ / ACPT, the peer naming its address and nego_port 6004) and sent
// over a direct connection to the peer's 6004 (ATHC, DATA chunks, DONE).
//
// BuddyBuddy (messenger-client-buddy.cc; its protocol is ntlab's invention, buddybuddy-payload.h):
// no dispatch, one long-lived session to its server (6410, then 80) with ALIVE keep-alives; chat and
// both files go through that server (CHAT, FILE_SEND / FILE_DATA), never between the hosts.
#pragma once

#include "traffic-gen/messenger-link.h"

#include "models/payload/buddybuddy-payload.h"
#include "models/process-application.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3 {

class MessengerClientApplication : public ProcessApplication
{
  public:
    enum Messenger
    {
        MSN,
        NATEON,
        BUDDY
    };

    static TypeId GetTypeId();
    MessengerClientApplication();
    int64_t AssignStreams(int64_t stream);

    /// "Attempt": stage (dispatch, notification, switchboard, direct), server, port, whether it came up.
    typedef void (*AttemptTracedCallback)(const std::string& stage, Ipv4Address server, uint16_t port, bool up);
    /// "LoggedIn": seconds since the first attempt of this login, how (1863, 443, http-gateway, relay ...).
    typedef void (*LoggedInTracedCallback)(double seconds, const std::string& how);
    /// "Chat": a chat this client started reached the peer or not.
    typedef void (*ChatTracedCallback)(bool ok);
    /// "File": small (through the switchboard) or large (P2P), delivered or not, its bytes.
    typedef void (*FileTracedCallback)(const std::string& kind, bool ok, uint32_t bytes);
    /// "GaveUp": seconds since the first attempt.
    typedef void (*GaveUpTracedCallback)(double seconds);

  private:
    struct Endpoint
    {
        Ipv4Address server;
        uint16_t port = 0;
        MessengerLink::Mode mode = MessengerLink::DIRECT;
    };

    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;

    // Login (messenger-client-application.cc).
    std::vector<Endpoint> LoginEndpoints() const;
    MessengerLink::Target TargetOf(const Endpoint& endpoint, const std::string& gatewayServer) const;
    Ptr<MessengerLink> NewLink(const std::string& stage, const Endpoint& endpoint);
    void TryLogin();
    void LoginFailed();
    void OpenDispatch(const Endpoint& endpoint);
    void OpenNotification(const Endpoint& endpoint);
    bool HandleDispatchLine(const MessengerLine& line, const Endpoint& endpoint, MessengerLink& link);
    void HandleNotificationLine(const MessengerLine& line);
    void HandleNateOnLine(const MessengerLine& line);
    void LoggedIn();
    void LoggedOut();
    void KeepAlive();
    std::vector<uint8_t> Command(const std::string& verb, std::vector<std::string> args);

    // Chat and files (messenger-client-chat.cc).
    void ScheduleChat();
    void StartChat();
    /// session and caller empty: this client called; otherwise it answers an RNG.
    void OpenSwitchboard(const Endpoint& endpoint, const std::string& cookie, const std::string& session,
                         const std::string& caller);
    void HandleCallerLine(const MessengerLine& line);
    void HandleCalleeLine(const MessengerLine& line, MessengerLink& link, const std::string& caller);
    void SendSmallFile();
    void InviteLargeFile();
    void ChatFailed();
    /// The large file arrived: no transfer pending, none to offer again, the file trace fires.
    void MarkLargeFileDelivered();
    void EndChat();
    std::vector<uint8_t> SbCommand(const std::string& verb, std::vector<std::string> args);
    void SendDirect(Ipv4Address peer, uint16_t port);
    void AcceptDirect(Ptr<Socket> socket, const Address& from);
    void ReadDirect(std::vector<uint8_t>& rx, Ptr<TrackedTcpConnection> connection);
    void Listen();

    // NateOn (messenger-client-nateon.cc).
    void HandleNateOnChatLine(const MessengerLine& line);
    void StartNateOnChat();
    void SendNateOnSmallFile();
    void OfferNateOnLargeFile();
    void AcceptNateOnOffer(const MessengerLine& offer);
    void SendNateOnDirect(Ipv4Address peer, uint16_t port);
    void ReadNateOnDirect(Ptr<TrackedTcpConnection> connection);

    // BuddyBuddy (messenger-client-buddy.cc).
    std::vector<uint8_t> BuddyRequest(ntlab::payload::BuddyType type, const std::vector<std::string>& fields);
    void HandleBuddyFrame(const MessengerLine& frame);
    void StartBuddyChat();
    void OfferBuddyFile(bool large);
    void SendBuddyFile(const MessengerLine& ack);
    void ReceiveBuddyFile(const MessengerLine& frame);
    void BuddyFileDone();

    Messenger m_messenger;
    std::string m_account;
    std::string m_peer;
    Ipv4Address m_dispatch;
    Ipv4Address m_httpGateway;  // 0.0.0.0: none
    Ipv4Address m_relay;
    bool m_useRelay;
    bool m_httpsOnly;
    Ptr<RandomVariableStream> m_chatGap;
    uint32_t m_smallFile;
    uint32_t m_largeFile;
    Time m_giveUp;
    Time m_connectTimeout;
    Time m_keepAlive;
    uint16_t m_directPort;

    // Login state.
    std::vector<Endpoint> m_endpoints;
    std::size_t m_nextEndpoint = 0;
    Endpoint m_loginEndpoint;  // the one the current login started from
    Time m_firstAttempt;
    Time m_backoff;
    bool m_gaveUp = false;
    bool m_loggedIn = false;
    uint32_t m_trid = 0;
    Ptr<MessengerLink> m_notification;
    EventId m_retry;
    EventId m_keepAliveEvent;

    // Chat state.
    EventId m_chatEvent;
    EventId m_chatTimeout;
    Ptr<MessengerLink> m_switchboard;
    bool m_chatDelivered = false;
    uint32_t m_smallChunksUnacked = 0;
    bool m_smallFilePending = false;
    bool m_largeFileDone = false;
    bool m_largeFilePending = false;
    uint32_t m_sbTrid = 0;
    std::vector<Ptr<MessengerLink>> m_calleeLinks;
    Ptr<Socket> m_listener;
    uint32_t m_listenRow = 0;
    uint64_t m_directReceived = 0;

    // NateOn: the transaction id of the chat line awaiting the server's answer; this client's file ids.
    std::string m_nateOnChatTrid;
    uint32_t m_nateOnFileId = 0;
    uint64_t m_nateOnIncomingSize = 0;  // the large file the latest ATHC announced (m_directReceived counts it)
    std::string m_nateOnIncomingId;

    // BuddyBuddy's transfers: this client's latest, and those it receives by (sender, id).
    struct BuddyIncoming
    {
        uint64_t size = 0;
        uint64_t received = 0;
    };
    uint32_t m_buddyTransfer = 0;
    bool m_buddySendingLarge = false;
    std::map<std::pair<std::string, uint32_t>, BuddyIncoming> m_buddyIncoming;

    TracedCallback<const std::string&, Ipv4Address, uint16_t, bool> m_attemptTrace;
    TracedCallback<double, const std::string&> m_loggedInTrace;
    TracedCallback<bool> m_chatTrace;
    TracedCallback<const std::string&, bool, uint32_t> m_fileTrace;
    TracedCallback<double> m_gaveUpTrace;
};

} // namespace ns3
