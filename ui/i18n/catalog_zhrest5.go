package i18n

// zhrest5Messages are what issue 26 left in English after catalog_zhrest4:
// our words around a tracking service's or a marketplace's error (its
// frame, the kind of failure, the wait it asked for, why a call did not
// get an answer), cobra's unknown command, and the config's secrets
// warning. The service's slug, its HTTP status and its own words stay as
// they are.
func zhrest5Messages() []msg {
	return []msg{
		// A CarrierError (tracker.CarrierError.Phrased): the service, the
		// kind, the status, the wait, the cause.
		e("%s: %s (HTTP %d)", "%s：%s（HTTP %d）"),
		e("%s: %s (HTTP %d), retry after %s", "%s：%s（HTTP %d），%s后重试"),
		e("%s: %s, retry after %s", "%s：%s，%s后重试"),
		e("%s: %s: %s", "%s：%s：%s"),
		e("%s: %s (HTTP %d): %s", "%s：%s（HTTP %d）：%s"),
		e("%s: %s (HTTP %d), retry after %s: %s", "%s：%s（HTTP %d），%s后重试：%s"),
		e("%s: %s, retry after %s: %s", "%s：%s，%s后重试：%s"),
		id("fail:auth", "auth", "密钥或权限被拒"),
		id("fail:quota", "quota", "额度已用完"),
		id("fail:rate_limited", "rate_limited", "调用过于频繁"),
		id("fail:server", "server", "服务端出错"),
		id("fail:timeout", "timeout", "超时"),
		id("fail:connect", "connect", "连接失败"),
		id("fail:tls", "tls", "TLS 连接失败"),
		id("fail:malformed", "malformed", "应答无法解析"),
		id("fail:request", "request", "请求被拒"),
		e("%ds", "%d秒"),
		// Why a call got no answer (tracker.Carrier…): hosts and the
		// library's words as they are.
		e("cannot resolve %s (DNS: %s)", "无法解析 %s（DNS：%s）"),
		e("the DNS server did not answer", "DNS 服务器无应答"),
		e("TLS handshake with %s failed: %s", "与 %s 的 TLS 握手失败：%s"),
		e("TLS handshake with %s failed: it does not speak TLS (an http:// base_url?)", "与 %s 的 TLS 握手失败：对方不支持 TLS（base_url 是 http:// 吗？）"),
		e("no answer within %s", "%s内无应答"),
		e("connection refused by %s", "%s 拒绝连接"),
		e("%s closed the connection before answering", "%s 未应答就关闭了连接"),
		e("answer larger than %d bytes", "应答超过 %d 字节"),
		e("%s %d numbers", "%s（%d 个单号）"),
		e("%s %d numbers: every one refused", "%s（%d 个单号）：全部被拒"),
		e("%s %d numbers: %s", "%s（%d 个单号）：%s"),
		e("%d answers for %d numbers", "%[2]d 个单号收到 %[1]d 条应答"),
		e("demo parcel: no simulator to check it", "演示包裹：没有模拟器可查询"),
		e("no tracking service configured for carrier %q: set one up in the config ([carriers.17track], aftership, ship24, … — README, Carriers)",
			"承运商 %q 未配置查询服务：请在配置中设置（[carriers.17track]、aftership、ship24 等，见 README 的 Carriers 一节）"),
		// cobra's unknown command (ui/cli): the name typed and the
		// commands suggested as they are.
		e("unknown command %q (waybill --help lists the commands)", "未知命令 %q（waybill --help 列出所有命令）"),
		e("unknown command %q; did you mean %s? (waybill --help lists the commands)", "未知命令 %q；是否为 %s？（waybill --help 列出所有命令）"),
		e("unknown command %q for %q", "%[2]q 没有子命令 %[1]q"),
		e("bad flag syntax: %s", "选项写法有误：%s"),
		// The config's secrets readable by others (tracker.ExposedSecrets…):
		// the file, the keys and the mode as they are.
		e("warning: %s holds secrets (%s) and has mode %04o, readable by others: chmod 600 %s, or move the secrets to environment variables (api_key_env, password_env, …)",
			"警告：%s 含有密钥（%s），权限为 %04o，其他用户可读：请执行 chmod 600 %s，或把密钥移到环境变量中（api_key_env、password_env 等）"),
		e("warning: %s holds secrets (%s and %d more) and has mode %04o, readable by others: chmod 600 %s, or move the secrets to environment variables (api_key_env, password_env, …)",
			"警告：%s 含有密钥（%s，另有 %d 项），权限为 %04o，其他用户可读：请执行 chmod 600 %s，或把密钥移到环境变量中（api_key_env、password_env 等）"),
		// cobra's instructions for each shell's completion (the Long of
		// completion bash|zsh|fish|powershell): the commands as typed.
		e("Generate the autocompletion script for the bash shell.\n\nThis script depends on the 'bash-completion' package.\nIf it is not installed already, you can install it via your OS's package manager.\n\nTo load completions in your current shell session:\n\n\tsource <(waybill completion bash)\n\nTo load completions for every new session, execute once:\n\n#### Linux:\n\n\twaybill completion bash > /etc/bash_completion.d/waybill\n\n#### macOS:\n\n\twaybill completion bash > $(brew --prefix)/etc/bash_completion.d/waybill\n\nYou will need to start a new shell for this setup to take effect.\n",
			"为 bash 生成自动补全脚本。\n\n此脚本依赖 bash-completion 软件包；\n如未安装，可用系统的包管理器安装。\n\n在当前 shell 会话中加载补全：\n\n\tsource <(waybill completion bash)\n\n在以后的每个会话中加载补全，执行一次：\n\n#### Linux：\n\n\twaybill completion bash > /etc/bash_completion.d/waybill\n\n#### macOS：\n\n\twaybill completion bash > $(brew --prefix)/etc/bash_completion.d/waybill\n\n需要新开一个 shell 才会生效。\n"),
		e("Generate the autocompletion script for the zsh shell.\n\nIf shell completion is not already enabled in your environment you will need\nto enable it.  You can execute the following once:\n\n\techo \"autoload -U compinit; compinit\" >> ~/.zshrc\n\nTo load completions in your current shell session:\n\n\tsource <(waybill completion zsh)\n\nTo load completions for every new session, execute once:\n\n#### Linux:\n\n\twaybill completion zsh > \"${fpath[1]}/_waybill\"\n\n#### macOS:\n\n\twaybill completion zsh > $(brew --prefix)/share/zsh/site-functions/_waybill\n\nYou will need to start a new shell for this setup to take effect.\n",
			"为 zsh 生成自动补全脚本。\n\n如果你的环境尚未启用 shell 补全，需要先启用，执行一次：\n\n\techo \"autoload -U compinit; compinit\" >> ~/.zshrc\n\n在当前 shell 会话中加载补全：\n\n\tsource <(waybill completion zsh)\n\n在以后的每个会话中加载补全，执行一次：\n\n#### Linux：\n\n\twaybill completion zsh > \"${fpath[1]}/_waybill\"\n\n#### macOS：\n\n\twaybill completion zsh > $(brew --prefix)/share/zsh/site-functions/_waybill\n\n需要新开一个 shell 才会生效。\n"),
		e("Generate the autocompletion script for the fish shell.\n\nTo load completions in your current shell session:\n\n\twaybill completion fish | source\n\nTo load completions for every new session, execute once:\n\n\twaybill completion fish > ~/.config/fish/completions/waybill.fish\n\nYou will need to start a new shell for this setup to take effect.\n",
			"为 fish 生成自动补全脚本。\n\n在当前 shell 会话中加载补全：\n\n\twaybill completion fish | source\n\n在以后的每个会话中加载补全，执行一次：\n\n\twaybill completion fish > ~/.config/fish/completions/waybill.fish\n\n需要新开一个 shell 才会生效。\n"),
		e("Generate the autocompletion script for powershell.\n\nTo load completions in your current shell session:\n\n\twaybill completion powershell | Out-String | Invoke-Expression\n\nTo load completions for every new session, add the output of the above command\nto your powershell profile.\n",
			"为 powershell 生成自动补全脚本。\n\n在当前 shell 会话中加载补全：\n\n\twaybill completion powershell | Out-String | Invoke-Expression\n\n在以后的每个会话中加载补全：把上面命令的输出加入 powershell 的 profile 文件。\n"),
		// A marketplace's sync that stopped (tracker.Market…): the
		// marketplace's name, times, page tokens and its own words as they
		// are.
		e("%s orders since %s page %q: %s", "%s 订单（自 %s 起，页 %q）：%s"),
		e("%s orders page %q: %s", "%s 订单（页 %q）：%s"),
		e("%s orders: where the last sync stopped: %s", "%s 订单：读取上次同步的中断位置：%s"),
		e("%s orders: more than %d pages: stopped", "%s 订单：超过 %d 页，已停止"),
		e("%s orders: page %q names itself as the next", "%s 订单：页 %q 的下一页仍是它自己"),
		e("%s orders: %s", "%s 订单：%s"),
		e("%s: check access_token_env (or access_token) and shop in [marketplaces.shopify]",
			"%s：请检查 [marketplaces.shopify] 中的 access_token_env（或 access_token）和 shop"),
		e("%s: check app_key and app_secret in [marketplaces.aliexpress]", "%s：请检查 [marketplaces.aliexpress] 中的 app_key 和 app_secret"),
		e("%s: run waybill connect aliexpress again", "%s：请重新运行 waybill connect aliexpress"),
		e("no refresh token: run waybill connect aliexpress again", "没有刷新令牌：请重新运行 waybill connect aliexpress"),
		e("%s list refused: %s", "%s列表请求被拒：%s"),
		e("dispute", "纠纷"),
		e("throttled: the query-cost bucket needs %s more to restore", "已限流：查询额度还需 %s 才能恢复"),
		e("no data in %s", "应答中没有 data：%s"),
		e("aliexpress %s: %s", "aliexpress %s：%s"),
		e("not connected to AliExpress: run waybill connect aliexpress", "尚未关联速卖通：请运行 waybill connect aliexpress"),
		e("AliExpress token file %s: %s", "速卖通令牌文件 %s：%s"),
		e("AliExpress token file %s: unreadable; run waybill connect aliexpress again", "速卖通令牌文件 %s：无法读取；请重新运行 waybill connect aliexpress"),
		e("exchanging the AliExpress code: %s", "用速卖通授权码换取令牌：%s"),
		e("refreshing the AliExpress token: %s", "刷新速卖通令牌：%s"),
	}
}
