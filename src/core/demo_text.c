/*
 * demo_text.c: the words of the demo workspace: support conversations about
 * the fictional product Orbitly (see kb/), names of people and companies, and
 * the hostile strings that test the sanitiser.
 *
 * The scenarios follow the help-centre articles in kb/, so a ticket's subject
 * finds its answer in `kb search` and the bot's suggestion is the right one.
 */
#include "demo_internal.h"
#include "ticketty/util.h"

const struct tt_demo_scenario tt_demo_scenarios_en[] = {
    {"account",
     "2fa login locked-out",
     "kb-0051",
     "Lost your phone or authenticator app",
     1,
     {"Can't log in after getting a new phone", "Locked out - lost my authenticator app",
      "2FA codes not accepted anymore"},
     {"Hi, I switched phones over the weekend and now Orbitly keeps asking for a 6-digit code "
      "that I can't get because the authenticator app was on the old phone. I don't have the "
      "backup codes either. I'm completely locked out and have a client review at {org} "
      "tomorrow. Please help!",
      "Hello, since this morning the two-factor code from my authenticator is rejected every "
      "time. I checked the time on my phone and it's correct. How can I get back into my "
      "account?"},
     {"Hi {req}, sorry about the trouble! The quickest way back in is an Admin of your "
      "workspace: they can reset your two-factor authentication under Settings > Members > "
      "(your name) > Reset two-factor. At your next sign-in you'll be asked to set it up on "
      "the new phone. If you are the only Owner, let me know and we'll verify your identity "
      "instead.",
      "Hi {req}, thanks for reaching out. If you saved the 10 backup codes when you enabled "
      "2FA, click \"Use a backup code\" on the code screen. Otherwise one of your workspace "
      "Admins can reset 2FA for you. Could you tell me whether anyone else at {org} is an "
      "Admin?"},
     "I'm the only owner unfortunately. The card on file ends in {card} and we created the "
     "workspace about {n} months ago.",
     "Thanks {req}. I've passed your details to our security team for verification; this "
     "can take up to 3 business days. We'll confirm by email once two-factor has been removed.",
     "Two-factor authentication has been removed from your account. Please sign in, set up "
     "2FA on your new phone right away and store the new backup codes somewhere safe.",
     "Identity check: card last4 {card} matches billing console, workspace age matches. "
     "Requested second-agent approval per account-takeover runbook (kb-0061)."},
    {"account",
     "password reset email",
     "kb-0052",
     "Reset your password",
     0,
     {"Password reset email never arrives", "Forgot password link doesn't work",
      "Reset link says expired"},
     {"I clicked \"Forgot password\" three times now and nothing arrives, not even in spam. "
      "My email is the same one I always use for Orbitly.",
      "The password reset link I received says it has expired, but I clicked it within a few "
      "minutes. Can you send a working one?"},
     {"Hi {req}, I checked our mail logs: your account signs in with \"Continue with Google\", "
      "so there is no Orbitly password to reset and no email is sent. Please use the Google "
      "button on the sign-in page instead.",
      "Hi {req}, reset links work only once and for one hour. Some email scanners open links "
      "before you do, which uses them up. Could you request a new link and open it in the "
      "same browser right away?"},
     "That was it, thank you! I had completely forgotten I used Google to sign up.",
     "Glad to hear it! If your IT team's scanner keeps opening links, ask them to exclude "
     "no-reply@orbitly.io.",
     "Great, happy you're back in. I'll close this ticket; just reply if anything comes up.",
     "Mail logs: no reset mail sent, account has Google identity only."},
    {"billing",
     "invoice vat",
     "kb-0012",
     "Invoices, receipts and VAT",
     -1,
     {"Need our VAT number on invoices", "Invoice shows the wrong company address",
      "Where can I download past invoices?"},
     {"Hello, our finance team needs the VAT ID printed on every invoice. We are {org} and our "
      "VAT number is DE{n}8841290. Can you reissue the invoices from this year?",
      "Hi, we moved offices and the invoices still show our old address. Also, where do I "
      "find the invoices from last quarter? Accounting is asking."},
     {"Hi {req}, you can add the VAT ID and the new address under Settings > Billing > "
      "Billing details; they appear on every future invoice. Invoices from the last 12 months "
      "can be reissued: send me the invoice numbers and I'll take care of it.",
      "Hi {req}, all invoices are under Settings > Billing > Invoices (the PDF button next to "
      "each). Once you update the billing details, new invoices use them. Want me to reissue "
      "the recent ones with the new address?"},
     "Yes please, the invoice numbers are INV-2026-{n}31 and INV-2026-{n}77.",
     "Done: both invoices were reissued with the new details and emailed to your billing "
     "contact.",
     "You're all set. The corrected invoices are in your inbox and in Settings > Billing.",
     "VAT ID validated in VIES. Reissued invoices, no credit note needed."},
    {"billing",
     "refund charge",
     "kb-0016",
     "Refund policy",
     0,
     {"Charged twice this month", "Refund request for annual renewal",
      "Unexpected charge on our card"},
     {"Our card was charged twice on the same day for the Pro plan. Please refund the "
      "duplicate charge. Card ending {card}.",
      "Our annual plan renewed yesterday but we had decided to move to another tool. We did "
      "not use it since the renewal. Can we get a refund?"},
     {"Hi {req}, I'm sorry about that. I can see two charges: one for your workspace and one "
      "for a second workspace that was created with the same email during a trial. I've asked "
      "our billing team to refund the second one in full.",
      "Hi {req}, annual renewals can be refunded in full within 14 days, so you're covered. "
      "Before I process it: would you like to keep the workspace on the Free plan or delete "
      "it? Your data stays either way until you decide."},
     "Please keep it on Free for now. Thanks for the quick answer.",
     "The refund has been issued to the card ending {card}. It usually appears within 5-10 "
     "business days depending on your bank.",
     "Refund issued. You'll see it on your statement within 5-10 business days.",
     "Refund within policy (14 days), approved by team lead. Amount matches invoice."},
    {"billing",
     "payment declined past-due",
     "kb-0015",
     "What happens when a payment fails",
     1,
     {"Payment failed but card is valid", "Account says past due", "Card declined on renewal"},
     {"We got an email that our payment failed and the app shows a red banner. The card is "
      "valid and has enough funds. What is going on? We have {n} people relying on this.",
      "Our workspace is marked \"past due\". I updated the card yesterday but the banner is "
      "still there."},
     {"Hi {req}, the bank declined the charge with the code \"do not honor\", which usually "
      "means it blocked a recurring international charge. Could you ask your bank to allow "
      "charges from ORBITLY.IO and then click Retry payment in Settings > Billing?",
      "Hi {req}, updating the card doesn't retry the payment automatically until the next "
      "scheduled attempt. Please click Retry payment under Settings > Billing > Payment "
      "method and the banner will go away as soon as it succeeds."},
     "The bank says they unblocked it. I clicked retry and it still fails?",
     "Thanks for checking. The latest attempt needed 3-D Secure confirmation: you should have "
     "a prompt in your banking app. Could you try once more and approve it there?",
     "The payment went through and your subscription is active again. Sorry for the hassle!",
     "Stripe decline code do_not_honor, then authentication_required. Dunning day 7."},
    {"billing",
     "seats upgrade",
     "kb-0017",
     "How seats are billed",
     -1,
     {"Why did our invoice go up?", "Question about seat charges",
      "We removed users but still pay for them"},
     {"Our invoice this month is much higher than usual. We didn't change plans. Can you "
      "explain the extra seats?",
      "We deactivated {n} people last week when a project ended, but the invoice still counts "
      "them. Do we get a credit?"},
     {"Hi {req}, I looked at your seat history: {n} people joined through your approved "
      "domain during the month, and each is billed pro rata. You can see the list under "
      "Settings > Billing > Seat history.",
      "Hi {req}, deactivated members free their seat immediately and the unused time is "
      "added as account credit, which is applied to your next invoice rather than refunded."},
     "Ok, makes sense. Can we stop people from joining automatically?",
     "Yes: remove the domain under Settings > Members > Approved domains, or switch it to "
     "\"request access\" so an Admin approves each person.",
     "Happy to help. Your credit will show on the next invoice.",
     "Seat history checked; no billing error."},
    {"sso",
     "saml sso enterprise",
     "kb-0025",
     "Troubleshoot SAML sign-in errors",
     2,
     {"SSO broken for everyone since this morning", "SAML-001 Invalid signature",
      "Okta login fails with audience mismatch"},
     {"URGENT: nobody at {org} can log in since 08:00. Orbitly shows \"SAML-001 Invalid "
      "signature\". We rotated our IdP certificate yesterday. SSO is required, so we're all "
      "locked out!",
      "After setting up SAML with Okta, test sign-in fails with \"SAML-002 Audience mismatch\". "
      "I copied the values from the settings page. What's wrong?"},
     {"Hi {req}, that error means Orbitly still has the old certificate. As an Owner you can "
      "sign in with your password at https://app.orbitly.io/login?sso=bypass, then go to "
      "Settings > Security > Single sign-on and click Refresh metadata. Everyone can sign in "
      "again right after.",
      "Hi {req}, the Entity ID configured in Okta has a trailing slash; ours doesn't. Please "
      "remove the slash from the Audience URI in Okta and test again."},
     "Refreshing the metadata worked for most people but {n} users still get an error.",
     "Those users have cached sessions at the IdP with the old assertion; asking them to sign "
     "out of Okta and back in clears it. If any still fail, send me a request ID from the "
     "error page.",
     "Glad SSO is working again. I'm closing this ticket; reply any time.",
     "Enterprise, SSO required. Cert rotation; metadata refresh fixes. Runbook kb-0063 if "
     "Owners cannot use bypass."},
    {"sso",
     "scim provisioning",
     "kb-0024",
     "Provision users with SCIM",
     0,
     {"SCIM provisioning returns 401", "Users not deactivated from Azure AD",
      "SCIM created duplicate users"},
     {"Our Entra ID provisioning log shows 401 Unauthorized for every Orbitly request since "
      "Friday. Nothing changed on our side.",
      "People we remove in Azure AD still have access to Orbitly. We set up SCIM {n} weeks "
      "ago. Is deprovisioning supported?"},
     {"Hi {req}, a 401 means the SCIM token was regenerated: someone at {org} clicked "
      "Generate token on Friday, which revokes the previous one. Please paste the new token "
      "into the provisioning settings in Entra ID.",
      "Hi {req}, yes: when a user is unassigned, Entra sends active=false and we deactivate "
      "the account. Could you check that \"Scope\" in Entra is set to assigned users and that "
      "the provisioning cycle isn't paused?"},
     "Found it, a colleague regenerated the token. Works now.",
     "Great. Tip: the provisioning log in Entra shows each request we answered, with our "
     "error message.",
     "Provisioning is back to normal. Closing the ticket.",
     "Audit log: SCIM token regenerated Friday by workspace admin."},
    {"integrations",
     "slack notifications",
     "kb-0030",
     "Connect Slack",
     -1,
     {"Slack notifications stopped", "Orbitly bot not posting in our channel",
      "Can't create tasks from Slack"},
     {"Our #product channel stopped receiving Orbitly updates last week. Other channels still "
      "work.",
      "The /orbitly slash command says \"dispatch_failed\" for everyone on our team."},
     {"Hi {req}, the #product channel was made private last week, and the Orbitly app isn't a "
      "member of it. Type /invite @Orbitly in the channel and updates will resume.",
      "Hi {req}, the Slack installation was made by a user who has since been deactivated, so "
      "Slack revoked our token. An Admin can reconnect under Settings > Integrations > Slack."},
     "Reconnected, but the old channel settings seem gone?",
     "Channel settings are kept per project: open each project's Integrations menu once and "
     "they'll be picked up again.",
     "Everything is posting again. Thanks for your patience!",
     "Slack token revoked (installer deactivated)."},
    {"integrations",
     "github developers",
     "kb-0031",
     "Link GitHub pull requests and commits to "
     "tasks",
     0,
     {"GitHub PRs not showing on tasks", "Closes ORB-123 doesn't move the card",
      "GitHub Enterprise Server integration"},
     {"We mention task IDs in our PR titles but nothing shows up on the tasks. The GitHub app "
      "is installed.",
      "Merged a PR with \"Closes ORB-{n}\" in the description but the task stayed in Doing."},
     {"Hi {req}, the GitHub app only has access to selected repositories, and the repository "
      "you're working in isn't one of them. In GitHub, go to Settings > Applications > "
      "Orbitly > Configure and add it.",
      "Hi {req}, the keyword must be in the PR description, not only a commit; and the task "
      "ID must match the workspace's prefix. Your workspace uses ORB-, so that part is fine. "
      "Could you send me the PR link?"},
     "Here's the PR: https://github.com/our-team/web/pull/{n}",
     "Thanks. The PR was merged into a branch other than the default one; we only move tasks "
     "when the PR is merged into the default branch.",
     "Closing this: PRs are linked and tasks move on merge to the default branch.",
     "Repo not in app installation scope."},
    {"integrations",
     "api rate-limit developers",
     "kb-0035",
     "API tokens and rate limits",
     0,
     {"Getting 429 Too Many Requests", "API token returns 403", "API pagination question"},
     {"Our nightly sync script gets HTTP 429 after about a minute. We're on Pro. What are the "
      "limits?",
      "A token with tasks:read gets 403 on /v1/projects/{n}/tasks. The user can see the "
      "project in the app."},
     {"Hi {req}, each token may make 600 requests per minute. Your script sends around 1,100. "
      "Please honour the Retry-After header and use ?limit=200 to fetch fewer, larger pages; "
      "webhooks can replace most polling.",
      "Hi {req}, that endpoint also needs the projects:read scope. Please create a token with "
      "both scopes and try again."},
     "With limit=200 and backoff the sync finishes now. Thanks.",
     "Great to hear. Let me know if you'd like a look at webhooks for the incremental part.",
     "Resolved: the script now stays within the rate limit.",
     "API logs: ~1.1k rpm from one token, bursts at 02:00 UTC."},
    {"integrations",
     "webhooks developers",
     "kb-0034",
     "Receive events with webhooks",
     0,
     {"Webhook signature doesn't verify", "Our webhook got disabled",
      "Webhook events arrive twice"},
     {"We compute HMAC-SHA256 over the body with our secret but it never matches "
      "X-Orbitly-Signature.",
      "We got an email that our webhook was disabled after repeated failures. Our endpoint was "
      "down during a migration. How do we re-enable it and get the missed events?"},
     {"Hi {req}, the signature is computed over \"<t>.<raw body>\", where t is the timestamp "
      "from the header, not over the body alone. Make sure you use the raw bytes before any "
      "JSON parsing.",
      "Hi {req}, you can re-enable it under Settings > Developers > Webhooks. The Deliveries "
      "tab lists the last 100 attempts and you can resend each one; older events can be "
      "fetched from the API."},
     "Got it working, the framework was re-serialising the JSON.",
     "That's a common one! Glad it works.",
     "Closing the ticket, happy building.",
     "Delivery log shows 8 failed attempts, endpoint 502."},
    {"bug",
     "bug board",
     "kb-0041",
     "Orbitly is slow or does not load",
     1,
     {"Board won't load - spinner forever", "Cards disappear when dragging",
      "Timeline view crashes the tab"},
     {"Since this morning our main board shows a spinner and never loads. Other boards work. "
      "It has about {n}00 cards.",
      "When I drag a card from Doing to Done it vanishes and only comes back after reloading. "
      "Happens in Chrome and in the desktop app."},
     {"Hi {req}, thanks for the report. Could you open https://app.orbitly.io/diagnostics on "
      "the affected computer and paste the report here? It tells us the browser, extensions "
      "and network details we need.",
      "Hi {req}, I'm sorry about this. I could reproduce it on a copy of your board and have "
      "passed it to our engineers with the details. I'll update you as soon as I hear back."},
     "Here is the diagnostics report. We also noticed it only happens with the \"Show card "
     "covers\" option on.",
     "That's very helpful, thank you. Engineering confirmed a bug with card covers on large "
     "boards; until the fix ships, turning off card covers avoids it.",
     "The fix has been released. Please reload the app; the board should load normally now.",
     "Reproduced on staging copy. Escalated to engineering as ENG-{n}42 (sev 2)."},
    {"bug",
     "bug sync",
     "kb-0043",
     "Sync conflicts and offline edits",
     0,
     {"Edits lost after working offline", "Task description reverted",
      "Desktop app shows \"Changes not saved\""},
     {"I worked on the train yesterday in the desktop app and when I got back online half my "
      "edits were gone.",
      "The description of a task reverted to an old version twice today. Someone else had it "
      "open at the same time."},
     {"Hi {req}, when the same field is edited in two places, the last change to reach us "
      "wins, but the other version is kept in the task's History (task menu > History). "
      "Could you check there and restore the version you need?",
      "Hi {req}, could you tell me the task ID and the approximate times? I'll look at the "
      "edit history on our side."},
     "Found them in History, restored. But why does it happen?",
     "A colleague's desktop app was offline with an older copy and synced later. We're "
     "improving how this is shown; for now History has every version.",
     "Closing this ticket; every version stays available in History.",
     "History shows concurrent edit from desktop 1.42 offline queue."},
    {"how-to",
     "import trello",
     "kb-0004",
     "Import from Trello, Asana, Jira or a CSV file",
     -1,
     {"How do I import from Trello?", "Jira import: statuses mapping",
      "CSV import ignores due dates"},
     {"We're moving {n} Trello boards to Orbitly. Will the comments and attachments come "
      "along?",
      "I imported a CSV but none of the due dates were set. The column is called \"Due\"."},
     {"Hi {req}, yes: the Trello importer brings cards, comments, checklists and attachments "
      "up to your plan's upload limit. Settings > Import > Trello, sign in, pick the boards.",
      "Hi {req}, the importer expects the column to be named due_date with dates as "
      "YYYY-MM-DD. Rename the column and import again; existing tasks won't be duplicated."},
     "Worked perfectly, thanks!",
     "Great! The import report lists anything that was skipped, such as oversized files.",
     "Closing this ticket. Welcome to Orbitly!",
     "Customer evaluating migration from Trello, {n} boards."},
    {"how-to",
     "guests sharing",
     "kb-0008",
     "Share projects with guests and clients",
     -1,
     {"Share a board with a client", "Guest can see too much", "How many guests can we invite?"},
     {"We'd like our client to see one project, without seeing the rest of the workspace. "
      "Possible?",
      "I invited an external designer and they can see all our projects! How do I restrict "
      "that?"},
     {"Hi {req}, sure: open the project, click Share and invite them as a guest with view, "
      "comment or edit rights. Guests only see the projects shared with them.",
      "Hi {req}, it looks like the designer was invited as a Member rather than a Guest. "
      "Change the role under Settings > Members and they'll only see shared projects."},
     "Perfect, that's what we needed.",
     "You're welcome!",
     "Closing this ticket, have a great day.",
     "Role mix-up, member instead of guest."},
    {"how-to",
     "automation",
     "kb-0010",
     "Plans and pricing",
     -1,
     {"Automation runs limit reached", "Recurring tasks every Monday", "Automation didn't trigger"},
     {"We got a message that we used all automation runs this month. What counts as a run?",
      "I set up an automation to move cards to Done when the checklist is complete, but it "
      "didn't trigger."},
     {"Hi {req}, each time an automation's actions run counts once, no matter how many "
      "actions it has. Your plan includes 5,000 runs per month; the counter resets on the "
      "1st.",
      "Hi {req}, the automation is limited to the \"Sprint\" board but the card was on "
      "\"Backlog\". Widen the scope in the automation's settings."},
     "Thanks, we'll tidy up the rules.",
     "Let me know if you'd like me to look at them.",
     "Closing this one. Happy automating!",
     "Usage: 5,000/5,000 runs on the 19th."},
    {"account",
     "email notifications",
     "kb-0040",
     "Email notifications are not arriving",
     0,
     {"Not receiving email notifications", "Invitation emails go to spam",
      "Teammates don't get mention emails"},
     {"None of our team gets Orbitly emails since Tuesday, not even invites. Other emails "
      "arrive fine.",
      "Colleagues say they're never notified when I mention them."},
     {"Hi {req}, our logs show your mail server accepted the messages, so they're probably "
      "held by a filter. Could you ask IT to allowlist orbitly.io and mail.orbitly.io and "
      "check the quarantine?",
      "Hi {req}, mention emails are skipped when the person is active in the app, and their "
      "frequency may be set to Daily digest. Could they check Profile > Notifications?"},
     "IT found them in quarantine. Released and allowlisted.",
     "Great! They should arrive normally from now on.",
     "Closing. Notifications are flowing again.",
     "Mail logs: 250 OK from recipient MX."},
    {"account",
     "data export gdpr",
     "kb-0056",
     "Export or delete your data",
     -1,
     {"Export all our data", "Delete my account (GDPR)", "Need a copy of the DPA"},
     {"Before our renewal I'd like a full export of the workspace, including attachments.",
      "Please delete my personal account and all data you have about me."},
     {"Hi {req}, an Owner can start it under Settings > Workspace > Export (JSON with "
      "attachments as ZIP). You'll get a download link by email, valid for 7 days.",
      "Hi {req}, you can delete your account under Profile > Account > Delete account. If you "
      "prefer, confirm here and I'll start it for you."},
     "Export received, thank you.",
     "You're welcome.",
     "Closing this ticket.",
     "Owner verified."},
    {"performance",
     "performance slow",
     "kb-0041",
     "Orbitly is slow or does not load",
     1,
     {"Orbitly very slow today", "App takes 30 seconds to load", "Search is slow on big workspace"},
     {"Everything is very slow today for our whole office at {org}. Pages take 20-30 seconds.",
      "The app is unusable this afternoon, every click takes seconds."},
     {"Hi {req}, status.orbitly.io shows no incident, so let's check the network: could you "
      "open app.orbitly.io/diagnostics from the office and send me the report?",
      "Hi {req}, we had degraded performance between 14:10 and 14:55 UTC in the EU region; "
      "it's resolved now. Sorry for the disruption."},
     "Report attached. Looks like our proxy is blocking websockets?",
     "Exactly: rt.orbitly.io is blocked, so the app falls back to polling. Ask IT to allow "
     "WebSocket connections to rt.orbitly.io on port 443.",
     "Closing now that websockets are allowed. Thanks for the details!",
     "Diagnostics: WS blocked, long-polling fallback."},
    {"feature-request",
     "feature-request",
     "kb-0003",
     "Create a project and a board",
     -2,
     {"Feature request: swimlanes on boards", "Dark mode for the desktop app?",
      "Can we have custom fields on tasks?"},
     {"It would be great to group board cards by assignee as swimlanes. Any plans?",
      "Our team would love custom fields (number, dropdown) on tasks."},
     {"Hi {req}, thanks for the suggestion! I've added your vote to the request; our product "
      "team reviews them every month.",
      "Hi {req}, great idea, I've passed it to our product team with your use case."},
     "Thanks, please keep us posted.",
     "Will do!",
     "Closing this ticket for now; we'll email you when it ships.",
     "Logged in product board: +1 from {org}."},
    {"security",
     "security sessions",
     "kb-0054",
     "See active sessions and sign out everywhere",
     2,
     {"Someone else is logged into my account", "Suspicious login alert",
      "Unknown session from another country"},
     {"I got a \"new sign-in\" email from a city I've never been to. I did not log in. Please "
      "help.",
      "My sessions page shows a Windows device I don't own."},
     {"Hi {req}, please go to Profile > Security > Sessions, click \"Sign out of all other "
      "sessions\", change your password and enable two-factor authentication. I'm also "
      "checking the audit trail on our side.",
      "Hi {req}, good catch. Sign out that session right away and change your password; I'm "
      "reviewing what it accessed."},
     "Done, and 2FA is on now.",
     "Thanks. The unknown session only viewed two tasks and made no changes.",
     "Your account is secure. Closing; reply if you see anything else unusual.",
     "Session from unrecognised ASN; no exports. Follow account-takeover runbook."},
    {"integrations",
     "calendar",
     "kb-0032",
     "Sync due dates with Google Calendar or Outlook",
     -1,
     {"Calendar feed not updating", "Due dates missing in Outlook",
      "Can I sync tasks to Google Calendar?"},
     {"I subscribed to my Orbitly calendar feed in Google Calendar, but tasks I changed this "
      "morning still show the old dates.",
      "Is there a way to see my Orbitly deadlines in my work calendar? We use Outlook."},
     {"Hi {req}, the feed is one-way and Google refreshes subscribed calendars on its own "
      "schedule, every 8 to 24 hours; we can't make it poll faster. The data in the feed is "
      "already up to date.",
      "Hi {req}, yes: in My tasks open the menu and choose Subscribe in calendar, then in "
      "Outlook use Add calendar > Subscribe from web with the URL."},
     "OK, a bit slow but fine. Can other people see my feed?",
     "Only people who have the URL. If it was shared by mistake, click Reset feed URL.",
     "Closing this one, enjoy the calendar view!",
     "ICS feed fine; Google polling delay."},
    {"integrations",
     "zapier automation",
     "kb-0033",
     "Automate with Zapier and Make",
     -1,
     {"Zapier connection returns 401", "Zap doesn't create tasks anymore",
      "Make (Integromat) module for Orbitly?"},
     {"Our Zap that turns Typeform answers into Orbitly tasks stopped working. Zapier shows "
      "\"401 Unauthorized\".",
      "We want to create tasks from our web form automatically. Do you have a Make module?"},
     {"Hi {req}, the token behind the Zapier connection expired. Reconnect the Orbitly "
      "account in Zapier (My Apps > Orbitly > Reconnect) and turn the Zap on again.",
      "Hi {req}, yes, both Zapier and Make have Orbitly apps with a Create task action. They "
      "need the Pro plan because they use the API."},
     "Reconnected and it works. Will the missed entries come through?",
     "Zapier replays failed runs from its Zap History page: select them and click Replay.",
     "All set, closing the ticket.",
     "Token expired after 90 days."},
    {"integrations",
     "teams",
     "kb-0036",
     "Connect Microsoft Teams",
     0,
     {"Orbitly app blocked in Teams", "Teams bot not sending notifications",
      "Add a board as a Teams tab"},
     {"When I try to add the Orbitly app in Microsoft Teams it says it's blocked by my org.",
      "The Orbitly bot in Teams stopped sending me mention notifications last week."},
     {"Hi {req}, your Teams admin needs to allow the app in the Teams admin center under "
      "Manage apps > Orbitly > Allow. After that you can add it from Apps.",
      "Hi {req}, please check Profile > Notifications > Microsoft Teams: the connection "
      "shows as expired. Sign in again from the app's Settings tab."},
     "Our admin allowed it, thanks.",
     "Great. You can pin a board as a channel tab too.",
     "Closing this ticket.",
     "Teams tenant blocks third-party apps by default."},
    {"account",
     "invitations members",
     "kb-0002",
     "Invite teammates to your workspace",
     -1,
     {"Invitation email never arrived", "Invite link doesn't work",
      "How do I add my whole team at once?"},
     {"I invited {n} colleagues yesterday and none of them got the email.",
      "We want everyone with an @ address of our company to join without inviting each one."},
     {"Hi {req}, the invitations were delivered, so they're probably in quarantine. You can "
      "also copy each invitation link from Settings > Members > Pending and send it yourself.",
      "Hi {req}, add your domain under Settings > Members > Approved domains and verify it "
      "with the DNS TXT record shown; then anyone with that address can join."},
     "The links worked, everyone is in now.",
     "Great to hear!",
     "Closing this ticket.",
     "Invites delivered (250 OK)."},
    {"billing",
     "cancel downgrade churn",
     "kb-0014",
     "Cancel your subscription",
     0,
     {"Cancel our subscription", "Downgrade to the free plan", "Stop the renewal"},
     {"We'd like to cancel our Orbitly subscription at the end of the current term. The team "
      "is moving to another tool.",
      "Please downgrade us to Free, we don't need Pro features any more."},
     {"Hi {req}, sorry to see you go. You can cancel under Settings > Billing > Cancel "
      "subscription; the plan stays active until the end of the period and nothing is "
      "deleted. May I ask what made the team switch?",
      "Hi {req}, you can do it under Settings > Billing > Change plan > Free. Projects beyond "
      "three become read-only, nothing is lost."},
     "Mostly price. We only use the boards.",
     "Understood, thank you for the feedback. If it helps, yearly billing is about 20% "
     "cheaper and guests are free; happy to walk you through it.",
     "The cancellation is confirmed. You keep Pro until the end of the term.",
     "Churn risk: price. CSM informed."},
    {"how-to",
     "attachments upload",
     "kb-0042",
     "File uploads fail",
     0,
     {"Can't upload a 300 MB video", "Upload stuck at 99%", "Storage full message"},
     {"I'm trying to attach a 300 MB screen recording to a task and it fails every time.",
      "Uploads stop at 99% and then say Network error. Small files work."},
     {"Hi {req}, the Pro plan allows files up to 250 MB. For bigger files attach them from "
      "Google Drive, OneDrive or Dropbox: they're linked instead of uploaded.",
      "Hi {req}, large uploads go to uploads.orbitly.io; it looks like your VPN or proxy "
      "interrupts long connections. Could you try without the VPN?"},
     "Without the VPN it works.",
     "Thanks for confirming; IT can allow uploads.orbitly.io.",
     "Closing this ticket.",
     "Proxy resets connections after 60 s."},
    {"how-to",
     "trash restore",
     "kb-0045",
     "Recover deleted tasks, projects and docs",
     1,
     {"Accidentally deleted a project", "Restore deleted tasks", "Where did my cards go?"},
     {"A colleague deleted our roadmap project by mistake this morning. Can it be restored?",
      "Half of the cards on our board disappeared. Nobody remembers deleting them."},
     {"Hi {req}, deleted projects stay in the Trash for 30 days: click Trash at the bottom of "
      "the sidebar, find the project and click Restore. Everything comes back with it.",
      "Hi {req}, they were archived, not deleted: open the board menu > Archived cards and "
      "restore them. An automation rule archives done cards after 14 days."},
     "Found it in the trash and restored it. Phew!",
     "Glad it's back!",
     "Closing the ticket.",
     "Restored from trash, no backup restore needed."},
    {"security",
     "audit-log enterprise",
     "kb-0055",
     "Audit log",
     0,
     {"Who deleted this project?", "Export the audit log to Splunk",
      "Audit log for our compliance review"},
     {"Our auditors need a list of permission changes for the last 6 months. Where can I get "
      "that?",
      "We'd like to stream Orbitly audit events into Splunk. Is that possible?"},
     {"Hi {req}, Settings > Security > Audit log lets you filter by category (Members) and "
      "export a date range as CSV. Entries are kept for one year.",
      "Hi {req}, yes: Audit log > Streaming supports Splunk HEC, Datadog and any HTTPS "
      "endpoint."},
     "Exported, thanks.",
     "You're welcome.",
     "Closing this ticket.",
     "Enterprise feature."},
    {"security",
     "ip-allowlist enterprise",
     "kb-0057",
     "Restrict access with an IP allowlist",
     1,
     {"Locked out by our IP allowlist", "Access from this network is not allowed",
      "IP allowlist and the mobile app"},
     {"After we added our office range to the IP allowlist, people working from home can't "
      "get in anymore.",
      "Our staff see \"Access from this network is not allowed\" on their phones."},
     {"Hi {req}, the allowlist applies to every network, so home connections need to go "
      "through your VPN. Add the VPN's egress range in CIDR form (for example "
      "203.0.113.0/24).",
      "Hi {req}, phones on mobile data use their carrier's addresses. Either route them "
      "through the VPN or limit the allowlist to the web and API."},
     "We added the VPN range, works now.",
     "Great.",
     "Closing the ticket.",
     "Customer added /32s only."},
    {"account",
     "profile email",
     "kb-0053",
     "Change your email address or name",
     -1,
     {"Change my login email", "Our company changed its domain", "Update my name"},
     {"I got married and my email address changed. How do I update it without losing my "
      "tasks?",
      "We're renaming the company and moving to a new email domain. Can you change all {n} "
      "accounts?"},
     {"Hi {req}, go to Profile > Account > Email > Change and confirm the link we send to the "
      "new address. Your tasks and comments stay with you.",
      "Hi {req}, on Enterprise an Admin can do it in bulk under Settings > Members > Change "
      "email domain; on Pro we can run it for you. Please confirm the old and new domains."},
     "Done, thank you!",
     "You're welcome!",
     "Closing this ticket.",
     "Bulk domain change."},
    {"how-to",
     "desktop offline",
     "kb-0005",
     "Desktop and mobile apps",
     -1,
     {"Does the desktop app work offline?", "Linux desktop app", "iOS app push notifications"},
     {"I travel a lot. Can I use Orbitly on a plane?",
      "I don't get push notifications from the iPhone app."},
     {"Hi {req}, the desktop and mobile apps keep recent projects offline and send your "
      "changes when you reconnect.",
      "Hi {req}, please allow notifications for Orbitly in iOS Settings and check Profile > "
      "Notifications > Devices."},
     "Perfect, thanks.",
     "Happy travels!",
     "Closing this ticket.",
     "FAQ."},
    {"sso",
     "saml entra-id enterprise",
     "kb-0022",
     "Configure SSO with Microsoft Entra ID (Azure AD)",
     1,
     {"AADSTS50105 when signing in", "Azure AD SSO setup help", "AADSTS700016 error"},
     {"Some of our users get AADSTS50105 when they sign in to Orbitly through Azure AD.",
      "We're setting up SSO with Entra ID and get AADSTS700016 when testing."},
     {"Hi {req}, AADSTS50105 means those users aren't assigned to the Orbitly enterprise "
      "application. Add them (or their group) under Users and groups in Entra.",
      "Hi {req}, the Identifier (Entity ID) in Entra must match ours exactly: "
      "https://app.orbitly.io/saml/<workspace-id>, without a trailing slash."},
     "Assigned the group and it works.",
     "Great!",
     "Closing this ticket.",
     "Entra app assignment required."},
};
const size_t tt_demo_scenarios_en_count = TT_ARRAY_LEN(tt_demo_scenarios_en);

const struct tt_demo_scenario tt_demo_scenarios_zh[] = {
    {"account",
     "2fa login zh",
     "kb-0072",
     "开启两步验证(2FA)",
     1,
     {"换了新手机无法登录", "两步验证码一直提示错误", "丢失备用码,账号被锁"},
     {"你好,我换了新手机,之前的身份验证器在旧手机上,现在登录一直要求输入验证码,"
      "备用码也找不到了。明天要给"
      "{org}的客户演示,请尽快帮忙!",
      "您好,从今天早上开始两步验证码一直提示错误,手机时间是正确的。请问怎么恢复登录?"},
     {"{req}您好,最快的办法是请工作区管理员在“设置 → "
      "成员”中为您重置两步验证,下次登录时在新手机上重新设置即可。"
      "如果您是唯一的所有者,请告诉我们,我们会先核实您的身份。",
      "{req}您好,如果您保存了备用码,"
      "可以在验证码页面点击“使用备用码”。否则请联系工作区管理员为您重置。"},
     "我是唯一的所有者。绑定的信用卡尾号是{card},工作区大概是{n}个月前创建的。",
     "谢谢{req},信息已提交安全团队核实,最长需要 3 个工作日,完成后会邮件通知您。",
     "已为您移除两步验证,请尽快登录并在新手机上重新开启,同时妥善保存新的备用码。",
     "身份核实:卡号尾号{card}与账单一致,按账号接管流程(kb-0061)申请二次审批。"},
    {"account",
     "password zh",
     "kb-0071",
     "忘记密码怎么办",
     0,
     {"收不到重置密码的邮件", "重置密码链接已过期", "忘记密码"},
     {"我点了三次“忘记密码”,邮箱里什么都没收到,垃圾邮件里也没有。",
      "收到的重置链接打开后提示已过期,可是我几分钟内就点了。"},
     {"{req}您好,我们查看了邮件日志:您的账号是通过 Google 登录的,在 Orbitly "
      "没有密码,所以不会发送重置邮件。请直接使用“使用 Google 继续”登录。",
      "{req}您好,重置链接只能使用一次,有效期 1 "
      "小时。部分企业邮箱的安全扫描会提前打开链接。请重新申请后立即在同一浏览器打开。"},
     "原来如此,谢谢!",
     "不客气,有问题随时联系我们。",
     "问题已解决,工单将关闭。",
     "邮件日志:账号仅绑定 Google 身份。"},
    {"billing",
     "invoice zh",
     "kb-0073",
     "发票、付款方式与扣款失败",
     -1,
     {"发票需要填写公司税号", "如何下载历史发票", "发票抬头写错了"},
     {"您好,我们财务需要在发票上显示公司名称和税号,之前的发票可以重开吗?我们是{org}。",
      "请问在哪里下载上个季度的发票?会计在催。"},
     {"{req}您好,可以在“设置 → 账单 → 账单信息”中填写公司名称和税号,之后的发票都会显示。过去 12 "
      "个月的发票可以重开,请把发票号发给我。",
      "{req}您好,所有发票都在“设置 → 账单 → 发票”中,点击 PDF 即可下载。"},
     "发票号是 INV-2026-{n}31,谢谢。",
     "已重开并发送到账单联系人邮箱。",
     "已处理完毕,工单将关闭。",
     "税号已核对,无需红字发票。"},
    {"billing",
     "payment zh",
     "kb-0073",
     "发票、付款方式与扣款失败",
     1,
     {"信用卡扣款失败", "账号显示逾期", "续费时银行卡被拒"},
     {"收到扣款失败的邮件,应用里也有红色提示。卡是正常的,余额也够,请问怎么回事?我们有{n}个人在用。",
      "工作区显示“逾期”,我昨天已经换了新卡,提示还在。"},
     {"{req}您好,银行拒绝了这笔境外定期扣款。请联系银行允许来自 ORBITLY.IO 的扣款,然后在“设置 → "
      "账单”中点击“重试付款”。",
      "{req}您好,更换银行卡后不会立即自动重试,请在“设置 → 账单 → 付款方式”中点击“重试付款”。"},
     "银行说已经放行了,重试还是失败?",
     "最新一次需要 3-D Secure 验证,请在手机银行中确认后再试一次。",
     "付款已成功,订阅恢复正常。给您带来不便,非常抱歉!",
     "拒付代码 do_not_honor,催缴第 7 天。"},
    {"sso",
     "saml zh enterprise",
     "kb-0074",
     "配置 SAML 单点登录",
     2,
     {"单点登录全部失败", "SAML 登录提示签名无效", "Okta 单点登录报错"},
     {"紧急:今天早上 8 点开始{org}所有人都无法登录,提示“SAML-001 签名无效”。我们昨天更换了 IdP "
      "证书。",
      "配置 Okta 单点登录后测试失败,提示 Audience 不匹配,请问哪里配置错了?"},
     {"{req}您好,这是因为 Orbitly 还在使用旧证书。所有者可以通过 "
      "https://app.orbitly.io/login?sso=bypass 用密码登录,然后在“设置 → 安全 → "
      "单点登录”中点击“刷新元数据”。",
      "{req}您好,Okta 中填写的实体 ID 末尾多了一个斜杠,请删除后再测试。"},
     "刷新后大部分人可以登录了,还有{n}个人报错。",
     "请这些用户先退出 Okta 再重新登录,如仍有问题请把错误页面的请求 ID 发给我。",
     "单点登录已恢复正常,工单将关闭。",
     "企业版,证书轮换导致,刷新元数据解决。"},
    {"account",
     "notifications zh",
     "kb-0075",
     "收不到邮件通知",
     0,
     {"收不到邮件通知", "邀请邮件进了垃圾箱", "同事收不到@提醒"},
     {"从周二开始我们团队都收不到 Orbitly 的邮件,连邀请邮件也没有,其他邮件正常。",
      "同事说我@他们的时候从来没有收到通知。"},
     {"{req}您好,日志显示贵司邮件服务器已接收邮件,可能被网关拦截了。请 IT 部门把 orbitly.io 和 "
      "mail.orbitly.io 加入白名单并检查隔离区。",
      "{req}您好,如果对方正在使用应用,或者通知频率设置为“每日摘要”,"
      "就不会单独发邮件。请他们检查“个人资料 → 通知”。"},
     "IT 在隔离区找到了,已经放行。",
     "好的,之后应该可以正常收到了。",
     "通知已恢复,工单将关闭。",
     "邮件日志:收件方 MX 返回 250 OK。"},
    {"how-to",
     "workspace zh",
     "kb-0070",
     "创建你的第一个工作区",
     -1,
     {"如何创建工作区", "工作区网址可以修改吗", "数据区域选错了"},
     {"我们刚开始使用 Orbitly,请问怎么创建团队的工作区并邀请同事?",
      "注册时数据区域选成了美国,我们需要放在欧盟,可以修改吗?"},
     {"{req}您好,注册后填写工作区名称和网址即可创建,然后点击侧边栏底部的“邀请”添加同事。",
      "{req}您好,数据区域无法在应用内修改,我们可以帮您迁移,请确认工作区网址。"},
     "好的,明白了,谢谢!",
     "不客气,欢迎使用 Orbitly!",
     "问题已解答,工单将关闭。",
     "新客户入门咨询。"},
    {"bug",
     "bug zh",
     "kb-0041",
     "Orbitly is slow or does not load",
     1,
     {"看板一直加载不出来", "拖动卡片后卡片消失", "应用非常慢"},
     {"从今天上午开始,我们的主看板一直转圈加载不出来,其他看板正常,大约有{n}00 张卡片。",
      "把卡片从“进行中”拖到“已完成”后卡片就消失了,刷新后才出现。"},
     {"{req}您好,请在出问题的电脑上打开 https://app.orbitly.io/diagnostics,把诊断报告发给我们。",
      "{req}您好,我们已经复现了这个问题并提交给工程团队,有进展会第一时间通知您。"},
     "诊断报告已附上。我们发现只有开启“显示卡片封面”时才会出现。",
     "感谢!工程团队确认是大看板卡片封面的问题,修复前可以先关闭卡片封面。",
     "修复已发布,请刷新应用。",
     "已复现,升级给工程团队 ENG-{n}42(sev 2)。"},
};
const size_t tt_demo_scenarios_zh_count = TT_ARRAY_LEN(tt_demo_scenarios_zh);

/* Each of these tries to drive the agent's terminal: clear it, set its title,
 * write the clipboard (OSC 52), hide text with bidi overrides, switch screens.
 * tt_sanitize must turn every one into plain, harmless text. */
const char *const tt_demo_hostile_subjects[] = {
    "\x1b[2J\x1b[HURGENT: your account was wiped",
    "\x1b]0;pwned by ticket\x07Invoice question",
    "Refund request for invoice \xe2\x80\xae"
    "exe.fdp\xe2\x80\xac",
    "\x1b[31;1mRED ALERT\x1b[0m login broken",
    "Bell \x07\x07\x07 and alternate screen \x1b[?1049h",
    "\xc2\x9b"
    "31mC1 CSI colour\xc2\x9b"
    "0m in subject",
    "Link \x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\ now",
    "\xe2\x80\x8f\xe2\x80\xabRTL embedding\xe2\x80\xac and \xe2\x81\xa6isolates\xe2\x81\xa9",
};
const char *const tt_demo_hostile_bodies[] = {
    "Hello\x1b[8m hidden text\x1b[0m\nPlease reset\x1b[1A\x1b[2K everything.",
    "\x1b]52;c;ZWNobyBwd25lZA==\x07"
    "Copy this into your terminal.",
    "Attached: invoice_\xe2\x80\xaetxt.exe\xe2\x80\xac please open",
    "\x1b[?25l\x1b[6n\x1bPqmalicious DCS\x1b\\ text",
    "Carriage\rreturn overwrite\r\nand backspace\b\b\b tricks",
    "\x1b"
    "c full terminal reset attempt",
    "Tab\tand form feed\x0c and NUL-free \x7f delete",
    "\x1b[38;2;255;0;0mtruecolour\x1b[0m and \x1b[5mblink\x1b[25m",
};
const size_t tt_demo_hostile_count = TT_ARRAY_LEN(tt_demo_hostile_subjects);

const struct tt_demo_phrases tt_demo_phrases_en = {
    .bot = "Hi {req}, thanks for contacting Orbitly Support! We've received your request "
           "#{id} and an agent will get back to you soon. In the meantime, this article may "
           "help: \"{kbtitle}\" https://help.orbitly.io/{kb}",
    .more_info = "Hi, any update on this? It's still happening for us.",
    .thanks = "Thanks a lot, that solved it!",
    .hold_note = "Waiting on engineering; customer informed. Revisit in 3 business days.",
    .bot_name = "Orbitly Bot",
    .signoff = "\n\nBest regards,\n{agent}\nOrbitly Support",
};
const struct tt_demo_phrases tt_demo_phrases_zh = {
    .bot = "{req}您好,感谢联系 Orbitly 客服!我们已收到您的请求 #{id},客服人员会尽快回复。"
           "这篇文章或许能帮到您:“{kbtitle}” https://help.orbitly.io/{kb}",
    .more_info = "您好,请问有进展吗?问题还在。",
    .thanks = "非常感谢,问题解决了!",
    .hold_note = "等待工程团队处理,已告知客户,3 个工作日后跟进。",
    .bot_name = "Orbitly 机器人",
    .signoff = "\n\n{agent}\nOrbitly 客服团队",
};

const char *const tt_demo_first_en[] = {
    "Ana",  "Ben",  "Chloe", "David",  "Elena",  "Farid", "Grace", "Hugo",   "Isla",   "Jonas",
    "Kira", "Liam", "Maya",  "Noah",   "Olivia", "Pablo", "Quinn", "Rosa",   "Sam",    "Tara",
    "Umar", "Vera", "Will",  "Ximena", "Yusuf",  "Zoe",   "Aiden", "Bianca", "Carlos", "Dalia",
};
const size_t tt_demo_first_en_count = TT_ARRAY_LEN(tt_demo_first_en);
const char *const tt_demo_last_en[] = {
    "Andersen", "Brooks", "Castillo", "Dubois",  "Evans",  "Fischer", "Garcia", "Hansen",
    "Ibrahim",  "Jensen", "Kowalski", "Lambert", "Moreau", "Nguyen",  "Okafor", "Patel",
    "Quinn",    "Rossi",  "Schmidt",  "Tanaka",  "Ueda",   "Varga",   "Walsh",  "Xu",
    "Young",    "Zhang",  "Bauer",    "Costa",   "Novak",  "Silva",
};
const size_t tt_demo_last_en_count = TT_ARRAY_LEN(tt_demo_last_en);
const char *const tt_demo_surname_zh[] = {"王", "李", "张", "刘", "陈", "杨",
                                          "黄", "赵", "吴", "周", "徐", "孙"};
const char *const tt_demo_surname_zh_pinyin[] = {"wang",  "li",   "zhang", "liu",  "chen", "yang",
                                                 "huang", "zhao", "wu",    "zhou", "xu",   "sun"};
const size_t tt_demo_surname_zh_count = TT_ARRAY_LEN(tt_demo_surname_zh);
const char *const tt_demo_given_zh[] = {"伟", "芳", "娜", "敏", "静",   "磊",   "洋",   "艳",
                                        "军", "杰", "婷", "超", "欣怡", "子涵", "浩然", "雨桐"};
const char *const tt_demo_given_zh_pinyin[] = {"wei",   "fang",  "na",     "min",   "jing", "lei",
                                               "yang",  "yan",   "jun",    "jie",   "ting", "chao",
                                               "xinyi", "zihan", "haoran", "yutong"};
const size_t tt_demo_given_zh_count = TT_ARRAY_LEN(tt_demo_given_zh);

const char *const tt_demo_org_root[] = {
    "Acme",      "Northwind",  "Bluefin",    "Copperleaf", "Driftwood", "Evergreen",
    "Foxglove",  "Granite",    "Harborview", "Ironbark",   "Juniper",   "Keystone",
    "Lumen",     "Meridian",   "Nimbus",     "Oakridge",   "Pinecrest", "Quarry",
    "Riverbend", "Silverline", "Tidewater",  "Umber",      "Vantage",   "Willow",
    "Xylo",      "Yellowpine", "Zephyr",     "Alder",      "Beacon",    "Cascade",
};
const size_t tt_demo_org_root_count = TT_ARRAY_LEN(tt_demo_org_root);
const char *const tt_demo_org_suffix[] = {"Labs",      "Logistics", "Health",   "Media",
                                          "Analytics", "Studio",    "Partners", "Robotics",
                                          "Foods",     "Energy",    "Capital",  "Systems"};
const size_t tt_demo_org_suffix_count = TT_ARRAY_LEN(tt_demo_org_suffix);
const char *const tt_demo_org_city_zh[] = {"上海", "北京", "深圳", "杭州",
                                           "成都", "广州", "南京", "苏州"};
const size_t tt_demo_org_city_zh_count = TT_ARRAY_LEN(tt_demo_org_city_zh);
const char *const tt_demo_org_word_zh[] = {"云帆", "星河", "青木", "卓远",
                                           "蓝鲸", "启明", "数联", "锦程"};
const char *const tt_demo_org_word_zh_pinyin[] = {"yunfan",  "xinghe", "qingmu",  "zhuoyuan",
                                                  "lanjing", "qiming", "shulian", "jincheng"};
const size_t tt_demo_org_word_zh_count = TT_ARRAY_LEN(tt_demo_org_word_zh);
const char *const tt_demo_org_suffix_zh[] = {"科技", "软件", "数据", "咨询", "网络"};
const size_t tt_demo_org_suffix_zh_count = TT_ARRAY_LEN(tt_demo_org_suffix_zh);

const char *const tt_demo_csms[] = {"Rachel Kim", "Oscar Lindqvist", "Amara Eze", "Julien Mercier",
                                    "陈静"};
const size_t tt_demo_csms_count = TT_ARRAY_LEN(tt_demo_csms);
